import type { SituationSnapshot } from '@tianyan/contracts';

export type SituationSourceKind = 'live' | 'replay';

export interface SituationStoreOptions {
  /**
   * A live picture not refreshed for this long (wall time) is no longer shown: the server publishes
   * every few seconds while an incident is open, so silence means it closed or its readings stopped.
   */
  liveStaleMs: number;
}

interface Held {
  snapshot: SituationSnapshot;
  /** Wall time it arrived (live staleness). */
  receivedAt: number;
}

/**
 * The latest situation snapshot per incident, from one source at a time: `situation:update` live,
 * or the replay stream plus the REST snapshot at T after a seek. The same switch as the readings
 * (replay/reading-source.ts): batches from the inactive source are dropped, so views never know
 * which one feeds them. `incidentId` narrows the picture to the incident the screen shows.
 */
export class SituationStore {
  private active: SituationSourceKind = 'live';
  private incident: string | null = null;
  private readonly held = new Map<string, Held>();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly options: SituationStoreOptions = { liveStaleMs: 120_000 }, private readonly wallNow: () => number = () => Date.now()) {}

  get kind(): SituationSourceKind {
    return this.active;
  }

  get incidentId(): string | null {
    return this.incident;
  }

  /** Source and incident filter together (entering replay of X, back to live): the old picture goes. */
  switchTo(kind: SituationSourceKind, incidentId: string | null): void {
    this.active = kind;
    this.incident = incidentId;
    this.held.clear();
    this.emit();
  }

  /** A live `situation:update`; dropped in replay, for another incident, or older than what is held. */
  applyLive(snapshot: SituationSnapshot): boolean {
    if (this.active !== 'live') return false;
    return this.keep([snapshot]);
  }

  /** Snapshots streamed by the replay (device-time order): the newest per incident wins. */
  applyReplay(snapshots: readonly SituationSnapshot[]): boolean {
    if (this.active !== 'replay') return false;
    return this.keep(snapshots);
  }

  /**
   * After a seek to T: the stored snapshot at or before T (null: none yet), replacing whatever was
   * held even when newer, since the screen went back in time.
   */
  seekResult(incidentId: string, snapshot: SituationSnapshot | null): void {
    if (this.active !== 'replay' || (this.incident !== null && incidentId !== this.incident)) return;
    this.held.delete(incidentId);
    if (snapshot && snapshot.incidentId === incidentId) this.held.set(incidentId, { snapshot, receivedAt: this.wallNow() });
    this.emit();
  }

  /** The pictures to draw, newest incident first; live ones that went quiet are left out. */
  visible(): SituationSnapshot[] {
    const now = this.wallNow();
    const out: SituationSnapshot[] = [];
    for (const h of this.held.values()) {
      if (this.active === 'live' && now - h.receivedAt > this.options.liveStaleMs) continue;
      out.push(h.snapshot);
    }
    return out.sort((a, b) => b.at - a.at || a.incidentId.localeCompare(b.incidentId));
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private keep(snapshots: readonly SituationSnapshot[]): boolean {
    let changed = false;
    for (const s of snapshots) {
      if (!s || typeof s.incidentId !== 'string' || !Number.isFinite(s.at)) continue;
      if (this.incident !== null && s.incidentId !== this.incident) continue;
      const current = this.held.get(s.incidentId);
      if (current && current.snapshot.at > s.at) continue;
      this.held.set(s.incidentId, { snapshot: s, receivedAt: this.wallNow() });
      changed = true;
    }
    if (changed) this.emit();
    return changed;
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }
}
