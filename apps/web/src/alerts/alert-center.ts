import type { Alert, AlertRule, AlertRuleKind, ResponsibleUnit } from '@tianyan/contracts';
import { alarmFor, type AlarmDecision, type AlertEvent } from './alarm-policy';
import type { AlarmMute } from './alarm-mute';
import type { AlarmTone } from './alarm-tone';
import type { AlertApi } from './alert-api';
import { AlertFeed } from './alert-feed';
import type { AlertFilter } from './alert-filter';
import { AlertListModel } from './alert-list-model';

export type AlertCenterChange =
  | { topic: 'list' }
  | { topic: 'geofences' }
  | { topic: 'units' }
  | { topic: 'alarm'; alarm: AlarmDecision }
  | { topic: 'alerts'; alerts: readonly Alert[] };

/** Rules change rarely; the detail view asks for them on every open. */
const RULES_TTL_MS = 60_000;
/** Open alerts held for the ticker and map (the API's largest page). */
const OPEN_LIMIT = 500;

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * The screen's alert state and its I/O: the open alerts (ticker, map), the list page, geofence
 * rules, responsible units; socket events decide the alarm (tone unless muted; the flash always)
 * before they are applied. Views subscribe and redraw on animation frames.
 */
export class AlertCenter {
  readonly feed = new AlertFeed(OPEN_LIMIT);
  readonly list = new AlertListModel(50);
  units: ResponsibleUnit[] = [];
  geofences: AlertRule[] = [];
  listError: string | null = null;
  listLoading = false;
  private listSeq = 0;
  private readonly rules = new Map<AlertRuleKind, { at: number; rules: Promise<AlertRule[]> }>();
  private readonly listeners = new Set<(change: AlertCenterChange) => void>();

  constructor(readonly api: AlertApi, readonly mute: AlarmMute, readonly tone: AlarmTone, private readonly onError: (message: string) => void) {}

  subscribe(listener: (change: AlertCenterChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** `alert:raised` / `alert:updated` from the socket. */
  onSocket(alerts: readonly Alert[], event: AlertEvent): void {
    const alarm = alarmFor(event, alerts, (id) => this.feed.get(id));
    this.feed.apply(alerts);
    if (this.list.applyLive(event, alerts)) this.emit({ topic: 'list' });
    this.emit({ topic: 'alerts', alerts });
    if (alarm) {
      if (!this.mute.muted) this.tone.play(alarm.level);
      this.emit({ topic: 'alarm', alarm });
    }
  }

  /** An alert the screen changed itself (an action's answer): applied like an update, never sounding. */
  applyOwn(alert: Alert): void {
    this.feed.apply([alert]);
    if (this.list.applyLive('alert:updated', [alert])) this.emit({ topic: 'list' });
    this.emit({ topic: 'alerts', alerts: [alert] });
  }

  /** Every open alert from the API: at start and after a reconnect (events missed while away). */
  async loadOpen(): Promise<void> {
    const mark = this.feed.mark();
    try {
      const page = await this.api.list({ levels: [], states: [], ruleKinds: [], deviceId: '', openOnly: true, drill: null, from: null, to: null }, { limit: OPEN_LIMIT, offset: 0 });
      this.feed.replaceOpen(page.items, mark);
    } catch (e) {
      this.onError(`open alerts: ${message(e)}`);
    }
  }

  /** A list page; only the newest request's answer is kept. */
  async loadList(filter: AlertFilter, offset: number): Promise<void> {
    const seq = ++this.listSeq;
    this.listLoading = true;
    this.list.filter = filter;
    this.emit({ topic: 'list' });
    try {
      const page = await this.api.list(filter, { limit: this.list.limit, offset });
      if (seq !== this.listSeq) return;
      this.list.setPage(page, filter, offset);
      this.listError = null;
    } catch (e) {
      if (seq !== this.listSeq) return;
      this.listError = message(e);
    } finally {
      if (seq === this.listSeq) {
        this.listLoading = false;
        this.emit({ topic: 'list' });
      }
    }
  }

  async loadUnits(): Promise<void> {
    try {
      this.units = await this.api.units();
      this.emit({ topic: 'units' });
    } catch (e) {
      this.onError(`units: ${message(e)}`);
    }
  }

  async loadGeofences(): Promise<void> {
    try {
      this.geofences = (await this.api.rules('geofence')).filter((r) => r.kind === 'geofence');
      this.emit({ topic: 'geofences' });
    } catch (e) {
      this.onError(`geofences: ${message(e)}`);
    }
  }

  /** The rule that raised an alert (for its colour limits and series), or null when unavailable. */
  async ruleOf(alert: Pick<Alert, 'ruleId' | 'ruleKind'>): Promise<AlertRule | null> {
    const cached = this.rules.get(alert.ruleKind);
    let entry = cached && Date.now() - cached.at < RULES_TTL_MS ? cached : undefined;
    if (!entry) {
      entry = { at: Date.now(), rules: this.api.rules(alert.ruleKind) };
      this.rules.set(alert.ruleKind, entry);
    }
    try {
      return (await entry.rules).find((r) => r.id === alert.ruleId) ?? null;
    } catch {
      this.rules.delete(alert.ruleKind);
      return null;
    }
  }

  unit(id: string | null): ResponsibleUnit | undefined {
    return id ? this.units.find((u) => u.id === id) : undefined;
  }

  private emit(change: AlertCenterChange): void {
    for (const l of this.listeners) l(change);
  }
}
