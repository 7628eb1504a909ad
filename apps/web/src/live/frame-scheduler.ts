/**
 * Coalesces redraw requests into one callback per animation frame: readings may arrive dozens of
 * times a second, the screen is drawn at most once per frame with everything marked dirty since.
 * A part may have a minimum interval (e.g. a chart redrawn at most 5×/s): marked sooner, it stays
 * dirty and is drawn in the first frame after its interval, so bursts never pile up work per frame.
 */
export class FrameScheduler<Part extends string> {
  private dirty = new Set<Part>();
  private pending = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly lastDrawn = new Map<Part, number>();

  constructor(
    private readonly render: (dirty: ReadonlySet<Part>) => void,
    private readonly requestFrame: (cb: () => void) => unknown = (cb) => requestAnimationFrame(cb),
    private readonly minIntervalMs: Partial<Record<Part, number>> = {},
    private readonly clock: () => number = () => performance.now(),
    private readonly setTimer: (cb: () => void, ms: number) => ReturnType<typeof setTimeout> = (cb, ms) => setTimeout(cb, ms),
  ) {}

  mark(...parts: Part[]): void {
    for (const p of parts) this.dirty.add(p);
    this.request();
  }

  private request(): void {
    if (this.pending || this.timer !== null || this.dirty.size === 0) return;
    const wait = this.waitMs(this.clock());
    if (wait > 0) {
      this.timer = this.setTimer(() => {
        this.timer = null;
        this.request();
      }, wait);
      return;
    }
    this.pending = true;
    this.requestFrame(() => this.flush());
  }

  /** Time until at least one dirty part may be drawn. */
  private waitMs(now: number): number {
    let wait = Infinity;
    for (const p of this.dirty) {
      const min = this.minIntervalMs[p] ?? 0;
      const last = this.lastDrawn.get(p);
      wait = Math.min(wait, last === undefined ? 0 : Math.max(0, last + min - now));
      if (wait === 0) return 0;
    }
    return wait === Infinity ? 0 : wait;
  }

  private flush(): void {
    this.pending = false;
    const now = this.clock();
    const due = new Set<Part>();
    for (const p of this.dirty) {
      const last = this.lastDrawn.get(p);
      if (last === undefined || now - last >= (this.minIntervalMs[p] ?? 0)) due.add(p);
    }
    for (const p of due) {
      this.dirty.delete(p);
      this.lastDrawn.set(p, now);
    }
    if (due.size > 0) this.render(due);
    this.request();
  }
}
