import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { AlertLevel, DeviceReading } from '@tianyan/contracts';
import { AlertTracker, RulesEngine, alertKey, type AlertChange, type Finding, type PeriodicFacts } from '@tianyan/alerts';
import { TIANYAN_CONFIG, type TianyanConfig } from '@tianyan/config';
import { LiveBus } from '@tianyan/live';
import { DeviceRepository, QuarantineRepository } from '@tianyan/storage';
import { alertFromFinding, readingLinkOf, stepOf, withFinding } from './alert-factory';
import { AlertRecorder } from './alert-recorder.service';
import { AlertRulesService } from './alert-rules.service';

/** A holding condition refreshes its alert (last value, time, count) at most this often. */
const REFRESH_MS = 5000;

/**
 * Where a stored reading meets the rules: listens on the live bus (readings arrive there once
 * committed), evaluates every reading, runs the periodic checks (offline, quarantine rate, overdue
 * steps), and turns findings into alert changes — one open alert per device × rule × subject.
 * Runs in one process only (ALERTS_ENGINE_ENABLED).
 */
@Injectable()
export class AlertEngineService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(AlertEngineService.name);
  private readonly engine = new RulesEngine([]);
  private readonly tracker = new AlertTracker({ refreshMs: REFRESH_MS, newId: randomUUID });
  private unsubscribe?: () => void;
  private timer?: NodeJS.Timeout;
  private checking = false;
  private ruleCount = 0;

  constructor(
    @Inject(TIANYAN_CONFIG) private readonly config: TianyanConfig,
    private readonly bus: LiveBus,
    private readonly rules: AlertRulesService,
    private readonly recorder: AlertRecorder,
    private readonly devices: DeviceRepository,
    private readonly quarantine: QuarantineRepository,
  ) {}

  get enabled(): boolean {
    return this.config.alerts.engineEnabled;
  }

  /** Before ingest starts (its bootstrap), so no committed reading goes unevaluated. */
  async onModuleInit(): Promise<void> {
    if (!this.enabled) return;
    await this.reloadRules();
    const open = await this.recorder.loadOpen();
    this.tracker.load(open.map((a) => ({ id: a.id, key: alertKey(a), level: a.level, active: a.active, peakSeverity: null, firstAt: a.firstReadingAt })));
    this.rules.onChange(() => this.reloadRules());
    this.unsubscribe = this.bus.onReadings((readings) => this.evaluate(readings));
    this.timer = setInterval(() => void this.periodicCheck(), this.config.alerts.checkIntervalMs);
    this.timer.unref();
    this.logger.log(`rules engine on: ${this.ruleCount} rules, ${open.length} open alerts`);
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
    clearInterval(this.timer);
  }

  async reloadRules(): Promise<void> {
    const rules = await this.rules.listAll();
    this.engine.setRules(rules);
    this.ruleCount = rules.filter((r) => r.enabled).length;
  }

  /** A person closed or lifted the alert: the next occurrence of its condition raises a new one. */
  forget(alertId: string): void {
    this.tracker.forget(alertId);
  }

  /** A person lowered the alert: escalation starts again from the new colour. */
  lowered(alertId: string, level: AlertLevel): void {
    this.tracker.lowered(alertId, level);
  }

  evaluate(readings: readonly DeviceReading[]): void {
    try {
      const findings = this.engine.evaluate(readings);
      if (findings.length > 0) this.apply(findings, Date.now());
    } catch (err) {
      // Stored already; a rule bug must not stop the stream. Logged with the batch size to find it.
      this.logger.error(`evaluating ${readings.length} readings failed: ${(err as Error).message}`, (err as Error).stack);
    }
  }

  /**
   * Findings produced outside the rules engine (receptor findings of the situation service) go
   * through the same tracker and recorder as the engine's own. Ignored when the engine is off here.
   */
  applyFindings(findings: readonly Finding[], now = Date.now()): void {
    if (!this.enabled || findings.length === 0) return;
    this.apply([...findings], now);
  }

  /** Offline devices, quarantine rate, then overdue steps. Exposed for tests; runs on a timer. */
  async periodicCheck(now = Date.now()): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      const facts: PeriodicFacts = {
        now,
        devices: (await this.devices.findAll()).map((d) => ({ deviceId: d.id, kind: d.kind, lastSeenAt: d.lastReceivedAt, state: d.state })),
        quarantined: new Map(
          await Promise.all(this.engine.quarantineWindowsS().map(async (w) => [w, await this.quarantine.countsByDeviceSince(now - w * 1000)] as const)),
        ),
      };
      const findings = this.engine.check(facts);
      if (findings.length > 0) this.apply(findings, now);
      this.escalateOverdue(now);
    } catch (err) {
      this.logger.error(`periodic alert check failed: ${(err as Error).message}`);
    } finally {
      this.checking = false;
    }
  }

  private apply(findings: Finding[], now: number): void {
    for (const change of this.tracker.apply(findings, now)) this.record(change, now);
  }

  private record(change: AlertChange, now: number): void {
    const link = readingLinkOf(change.finding);
    if (change.type === 'raise') {
      const alert = alertFromFinding(change.alertId, change.finding, change.first, now);
      const firstLink = change.first === change.finding ? null : readingLinkOf(change.first);
      const readings = [firstLink, link].filter((r) => r !== null);
      void this.recorder.record({ alert, insert: true, steps: [stepOf(alert, 'raised', now, { fromState: null, deviceAt: change.finding.at })], readings, notify: ['raised'] });
      return;
    }
    const current = this.recorder.openAlert(change.alertId);
    if (!current) return; // closed or lifted meanwhile
    switch (change.type) {
      case 'escalate': {
        const alert = withFinding(current, change.finding, now, { peak: true });
        const note = `${change.from} → ${alert.level}: ${change.finding.title}`;
        void this.recorder.record({ alert, steps: [stepOf(alert, 'escalated', now, { note, deviceAt: change.finding.at })], readings: link ? [link] : [], notify: ['escalated'] });
        return;
      }
      case 'peak':
        void this.recorder.record({ alert: withFinding(current, change.finding, now, { peak: true }), readings: link ? [link] : [] });
        return;
      case 'refresh':
        void this.recorder.record({ alert: withFinding(current, change.finding, now, { peak: false }) });
        return;
      case 'return': {
        const alert = { ...withFinding(current, change.finding, now, { peak: false }), active: true };
        void this.recorder.record({ alert, steps: [stepOf(alert, 'condition_returned', now, { note: change.finding.title, deviceAt: change.finding.at })], readings: link ? [link] : [] });
        return;
      }
      case 'earlier': {
        const alert = { ...current, firstReadingAt: Math.min(current.firstReadingAt, change.finding.at), updatedAt: new Date(now).toISOString() };
        void this.recorder.record({ alert, readings: link ? [link] : [] });
        return;
      }
      case 'clear': {
        const alert = { ...current, active: false, measure: change.finding.measure, updatedAt: new Date(now).toISOString() };
        void this.recorder.record({ alert, steps: [stepOf(alert, 'condition_cleared', now, { note: change.finding.title, deviceAt: change.finding.at })] });
        return;
      }
    }
  }

  /** A step not taken by its due time: escalate (counted, recorded, notified) once per step. */
  private escalateOverdue(now: number): void {
    for (const current of this.recorder.openAlerts()) {
      if (current.overdue || current.dueAt === null || Date.parse(current.dueAt) > now) continue;
      const alert = { ...current, overdue: true, escalations: current.escalations + 1, updatedAt: new Date(now).toISOString() };
      const note = `${current.state} step overdue since ${current.dueAt}`;
      void this.recorder.record({ alert, steps: [stepOf(alert, 'overdue', now, { note })], notify: ['overdue'] });
    }
  }
}
