import type { Incident, IncidentStateAt, ReplayAlertEvent, ReplayClock, ReplayControl, ReplayReply, ReplaySpeed, ReplayStart } from '@tianyan/contracts';
import { ReplayClockModel } from './replay-clock';
import { alertMarkers, type TimelineMarker } from './timeline-scale';

export interface ReplayPorts {
  replayStart(request: ReplayStart): Promise<ReplayReply>;
  replayControl(request: ReplayControl): Promise<ReplayReply>;
  replayStop(): Promise<ReplayReply>;
  stateAt(incidentId: string, at: number): Promise<IncidentStateAt>;
  /** Empty the stores and fill them with the state at T (seek). */
  resetTo(state: IncidentStateAt): void;
  changed(): void;
  error(message: string): void;
}

/**
 * Replay mode of one incident: opens at the incident's start (state at T, paused), starts the
 * server stream on the first play, and turns play/pause/speed/seek into `replay:*` messages.
 * Seeks fetch the state at T first, so the screen is right before the stream resumes from T.
 */
export class ReplayController {
  readonly clock = new ReplayClockModel();
  ended = false;
  private started = false;
  private seekSeq = 0;
  private readonly listed: TimelineMarker[] = [];
  private readonly streamed: ReplayAlertEvent[] = [];

  constructor(readonly incident: Incident, private readonly ports: ReplayPorts, private readonly wallNow: () => number = () => Date.now()) {}

  get from(): number {
    return Date.parse(this.incident.startAt);
  }

  get to(): number {
    return this.incident.endAt ? Date.parse(this.incident.endAt) : this.wallNow();
  }

  /** Alert markers: the window's alert list, completed by the alert events the stream delivered. */
  markers(): TimelineMarker[] {
    const fromStream = alertMarkers(this.streamed, this.from, this.to);
    const seen = new Set(fromStream.map((m) => m.alertId));
    return [...fromStream, ...this.listed.filter((m) => !seen.has(m.alertId))].sort((a, b) => a.at - b.at);
  }

  setListedMarkers(markers: readonly TimelineMarker[]): void {
    this.listed.splice(0, this.listed.length, ...markers);
    this.ports.changed();
  }

  async open(speed: ReplaySpeed = 1): Promise<void> {
    const local: ReplayClock = { replayId: '', at: this.from, speed, paused: true, from: this.from, to: this.to };
    this.clock.apply(local, this.wallNow());
    await this.seek(this.from);
  }

  onClock(clock: ReplayClock, ended: boolean): void {
    if (!this.started) return;
    this.clock.apply(ended ? { ...clock, paused: true } : clock, this.wallNow());
    this.ended = ended;
    this.ports.changed();
  }

  onAlerts(events: readonly ReplayAlertEvent[]): void {
    this.streamed.push(...events);
    this.ports.changed();
  }

  async playPause(): Promise<void> {
    const c = this.clock.clock;
    if (!c) return;
    if (!c.paused && !this.ended) return this.send({ action: 'pause' }, { paused: true });
    if (!this.started || this.ended) {
      const at = this.ended ? this.from : (this.clock.now(this.wallNow()) ?? this.from);
      if (this.ended) await this.seek(at);
      const reply = await this.ports.replayStart({ incidentId: this.incident.id, from: at, speed: c.speed });
      if (!reply.ok) return this.ports.error(reply.error);
      this.started = true;
      this.ended = false;
      this.clock.apply({ replayId: reply.replayId, at, speed: c.speed, paused: false, from: reply.from, to: reply.to }, this.wallNow());
      this.ports.changed();
      return;
    }
    return this.send({ action: 'resume' }, { paused: false });
  }

  async speed(speed: ReplaySpeed): Promise<void> {
    if (!this.started) {
      this.clock.patch({ speed }, this.wallNow());
      this.ports.changed();
      return;
    }
    return this.send({ action: 'speed', speed }, { speed });
  }

  /** State at T into the stores, then the stream from T (the newest of several quick seeks wins). */
  async seek(at: number): Promise<void> {
    const seq = ++this.seekSeq;
    const target = Math.min(this.to, Math.max(this.from, Math.round(at)));
    let state: IncidentStateAt;
    try {
      state = await this.ports.stateAt(this.incident.id, target);
    } catch (e) {
      return this.ports.error(e instanceof Error ? e.message : String(e));
    }
    if (seq !== this.seekSeq) return;
    // The clock first: the refill loads its windows ending at "now".
    this.clock.patch({ at: target }, this.wallNow());
    this.ports.resetTo(state);
    this.ended = false;
    if (this.started) await this.send({ action: 'seek', at: target }, { at: target });
    this.ports.changed();
  }

  async close(): Promise<void> {
    this.clock.clear();
    if (this.started) {
      this.started = false;
      const reply = await this.ports.replayStop();
      if (!reply.ok) this.ports.error(reply.error);
    }
  }

  private async send(control: ReplayControl, optimistic: Partial<Pick<ReplayClock, 'at' | 'speed' | 'paused'>>): Promise<void> {
    this.clock.patch(optimistic, this.wallNow());
    this.ports.changed();
    const reply = await this.ports.replayControl(control);
    if (!reply.ok) this.ports.error(reply.error);
  }
}
