/**
 * Coalesces redraw requests into one callback per animation frame: readings may arrive dozens of
 * times a second, the screen is drawn at most once per frame with everything marked dirty since.
 */
export class FrameScheduler<Part extends string> {
  private dirty = new Set<Part>();
  private pending = false;

  constructor(
    private readonly render: (dirty: ReadonlySet<Part>) => void,
    private readonly requestFrame: (cb: () => void) => unknown = (cb) => requestAnimationFrame(cb),
  ) {}

  mark(...parts: Part[]): void {
    for (const p of parts) this.dirty.add(p);
    if (this.pending || this.dirty.size === 0) return;
    this.pending = true;
    this.requestFrame(() => this.flush());
  }

  private flush(): void {
    this.pending = false;
    const dirty = this.dirty;
    this.dirty = new Set();
    this.render(dirty);
  }
}
