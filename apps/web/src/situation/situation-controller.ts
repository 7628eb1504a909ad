import type { Incident, Receptor, SituationSnapshot } from '@tianyan/contracts';
import type { IncidentInfo } from './situation-panel-model';
import type { SituationApi } from './situation-api';
import { SituationStore, type SituationSourceKind } from './situation-store';

export interface SituationPorts {
  api: Pick<SituationApi, 'snapshotAt' | 'receptors'>;
  listIncidents(): Promise<readonly Incident[]>;
  error(message: string): void;
  changed(): void;
}

/** Ask the incident list again for an unknown incident at most this often. */
const INCIDENT_LOOKUP_MS = 30_000;
/**
 * A replayed incident whose stream brings no pictures (defined after the fact: nothing was stored
 * live) is pictured by seeking again as the replay clock runs: when the shown picture is older than
 * this in replay time, at most once per REPLAY_REFRESH_WALL_MS.
 */
const REPLAY_PICTURE_STALE_MS = 15_000;
const REPLAY_REFRESH_WALL_MS = 2_000;

/**
 * The situation side of the screen: the store (live or replay), the receptors to draw, and the
 * incidents' codes and drill flags for the panel. Seeks fetch the snapshot at T; the newest of
 * several quick seeks wins.
 */
export class SituationController {
  readonly store = new SituationStore();
  private receptorList: Receptor[] = [];
  private readonly incidentInfo = new Map<string, IncidentInfo>();
  private lastLookup = -Infinity;
  private seekSeq = 0;
  private lastReplayRefresh = -Infinity;

  constructor(private readonly ports: SituationPorts, private readonly wallNow: () => number = () => Date.now()) {
    this.store.subscribe(() => ports.changed());
  }

  get receptors(): readonly Receptor[] {
    return this.receptorList;
  }

  get incidents(): ReadonlyMap<string, IncidentInfo> {
    return this.incidentInfo;
  }

  /** Live (all open incidents, or the one the live filter keeps) or the replayed incident. */
  switchTo(kind: SituationSourceKind, incident: Incident | null): void {
    this.seekSeq++;
    if (incident) this.incidentInfo.set(incident.id, incident);
    this.store.switchTo(kind, incident?.id ?? null);
  }

  onLive(snapshot: SituationSnapshot): void {
    if (this.store.applyLive(snapshot)) this.learn(snapshot.incidentId);
  }

  onReplay(snapshots: readonly SituationSnapshot[]): void {
    this.store.applyReplay(snapshots);
  }

  /** The replay clock moved: refresh the picture by REST when the stream has none near `at`. */
  onReplayClock(incidentId: string, at: number): void {
    const shown = this.store.visible().find((s) => s.incidentId === incidentId);
    if (shown && at - shown.at < REPLAY_PICTURE_STALE_MS) return;
    if (this.wallNow() - this.lastReplayRefresh < REPLAY_REFRESH_WALL_MS) return;
    this.lastReplayRefresh = this.wallNow();
    void this.seek(incidentId, at);
  }

  /** A replay seek to `at`: the stored picture at or before it (computed from the readings when none was stored). */
  async seek(incidentId: string, at: number): Promise<void> {
    const seq = ++this.seekSeq;
    try {
      const snapshot = await this.ports.api.snapshotAt(incidentId, at);
      if (seq === this.seekSeq) this.store.seekResult(incidentId, snapshot && snapshot.at <= at ? snapshot : null);
    } catch (e) {
      if (seq === this.seekSeq) this.ports.error(e instanceof Error ? e.message : String(e));
    }
  }

  async loadReceptors(): Promise<void> {
    try {
      this.receptorList = await this.ports.api.receptors();
      this.ports.changed();
    } catch (e) {
      this.ports.error(e instanceof Error ? e.message : String(e));
    }
  }

  async loadIncidents(): Promise<void> {
    this.lastLookup = this.wallNow();
    try {
      for (const i of await this.ports.listIncidents()) this.incidentInfo.set(i.id, i);
      this.ports.changed();
    } catch (e) {
      this.ports.error(e instanceof Error ? e.message : String(e));
    }
  }

  /** A picture of an incident the screen does not know yet (opened since): look its code up. */
  private learn(incidentId: string): void {
    if (this.incidentInfo.has(incidentId) || this.wallNow() - this.lastLookup < INCIDENT_LOOKUP_MS) return;
    void this.loadIncidents();
  }
}
