import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { AlertRule, DeviceReading, Receptor, SituationSnapshot } from '@tianyan/contracts';
import { ReceptorRule, type Finding } from '@tianyan/alerts';
import { TIANYAN_CONFIG, type TianyanConfig } from '@tianyan/config';
import { LiveBus } from '@tianyan/live';
import { AlertRuleRepository, IncidentWindRepository, ReceptorRepository, SituationScopeRepository, SituationSnapshotRepository } from '@tianyan/storage';
import { AlertEngineService } from '../alerts/alert-engine.service';
import { DeploymentIndex } from './deployment-index';
import { SITUATION_BAND_OVERRIDES, type SituationBandOverrides } from './situation-band-overrides';
import { SituationPictureHost } from './situation-picture-host';
import { SituationGateway } from './situation.gateway';

/** One open incident's picture as the ingest thread knows it (its analyzer is in the picture host). */
interface Picture {
  drill: boolean;
  /** Readings arrived since its last snapshot. */
  dirty: boolean;
  /** Latest device time fed to its analyzer (the analyzer's latestAt). */
  latestAt: number | null;
}

/** Compiled (dist): the analyzers run in a worker thread; under Jest (TypeScript sources) in-process. */
const THREADED = __filename.endsWith('.js');

/**
 * The situation picture of every open incident (issue 8). Committed readings come off the live bus
 * and go to the analyzer of each incident their device was deployed to at the reading's device time;
 * every SITUATION_INTERVAL_S (wall clock) each incident that received readings gets a snapshot, which
 * is stored (playback shows it as it was), published to room `situation`, and judged for receptors
 * entering a zone (alerts through the rules engine's tracker). Runs in one process only
 * (SITUATION_ENABLED); nothing here may throw into the bus callback or stop the timer. The analyzers
 * run in a worker thread (SituationPictureHost): the bus callback only encodes each reading.
 */
@Injectable()
export class SituationService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(SituationService.name);
  private readonly pictures = new Map<string, Picture>();
  /** The latest snapshot of each open incident: receptors are judged over all of them together. */
  private readonly latest = new Map<string, SituationSnapshot>();
  private readonly receptorRules = new Map<string, { updatedAt: string; rule: ReceptorRule }>();
  private readonly logged = new Set<string>();
  private scope = new DeploymentIndex([]);
  private unsubscribe?: () => void;
  private timer?: NodeJS.Timeout;
  private ticking: Promise<void> | null = null;
  private readonly host: SituationPictureHost;

  constructor(
    @Inject(TIANYAN_CONFIG) private readonly config: TianyanConfig,
    @Inject(SITUATION_BAND_OVERRIDES) bandOverrides: SituationBandOverrides,
    private readonly bus: LiveBus,
    private readonly deployments: SituationScopeRepository,
    private readonly receptors: ReceptorRepository,
    private readonly snapshots: SituationSnapshotRepository,
    private readonly rules: AlertRuleRepository,
    private readonly winds: IncidentWindRepository,
    private readonly engine: AlertEngineService,
    private readonly gateway: SituationGateway,
  ) {
    this.host = new SituationPictureHost(config.situation, bandOverrides, THREADED, (kind, err) => {
      // A dead worker took every analyzer with it: the pictures start again from the readings to come.
      if (kind === 'worker') this.pictures.clear();
      this.logOnce(kind === 'worker' ? 'worker' : 'take', kind === 'worker' ? 'the situation worker died; pictures restart empty' : 'feeding readings to the situation picture failed', err);
    });
  }

  get enabled(): boolean {
    return this.config.situation.enabled;
  }

  /** Before ingest starts (its bootstrap), like the rules engine: no committed reading is missed. */
  async onModuleInit(): Promise<void> {
    if (!this.enabled) return;
    this.host.open();
    await this.refreshScope();
    this.unsubscribe = this.bus.onReadings((readings) => this.take(readings));
    this.timer = setInterval(() => void this.tick(), this.config.situation.intervalMs);
    this.timer.unref();
    this.logger.log(`situation picture on: every ${this.config.situation.intervalMs / 1000} s over ${this.config.situation.windowS} s, ${this.scope.incidents.size} open incidents with deployments`);
  }

  async onModuleDestroy(): Promise<void> {
    this.unsubscribe?.();
    clearInterval(this.timer);
    await this.ticking;
    await this.host.close();
  }

  /** Committed readings: each goes to the incidents its device served at the reading's time. */
  take(readings: readonly DeviceReading[]): void {
    try {
      for (const reading of readings) {
        const windows = this.scope.windowsOf(reading.deviceId);
        if (windows === undefined) continue;
        for (const w of windows) {
          if (!DeploymentIndex.covers(w, reading.time)) continue;
          const picture = this.pictureOf(w.incidentId);
          this.host.push(w.incidentId, reading);
          picture.dirty = true;
          // As the analyzer's latestAt: readings without a finite time are not fed.
          if (Number.isFinite(reading.time) && (picture.latestAt === null || reading.time > picture.latestAt)) picture.latestAt = reading.time;
        }
      }
      this.host.flush();
    } catch (err) {
      this.logOnce('take', `feeding ${readings.length} readings to the situation picture failed`, err);
    }
  }

  /**
   * Reloads the deployments of the open incidents (which devices feed which picture). Runs on every
   * tick; exposed so a test, or a deployment change, need not wait for one. True when an incident's
   * picture was dropped (it closed, or has no deployments left).
   */
  async refreshScope(): Promise<boolean> {
    this.scope = new DeploymentIndex(await this.deployments.openDeployments());
    let dropped = false;
    const gone: string[] = [];
    for (const id of [...this.pictures.keys()]) {
      if (!this.scope.incidents.has(id)) {
        this.pictures.delete(id);
        gone.push(id);
        dropped = this.latest.delete(id) || dropped;
      }
    }
    this.host.drop(gone);
    return dropped;
  }

  /** The next round recomputes the incident's picture even without new readings (its wind changed). */
  recompute(incidentId: string): void {
    const picture = this.pictures.get(incidentId);
    if (picture) picture.dirty = true;
  }

  /** One round: snapshot, store, publish, judge receptors. On the timer; exposed for tests. */
  tick(): Promise<void> {
    this.ticking ??= this.round().finally(() => (this.ticking = null));
    return this.ticking;
  }

  private async round(): Promise<void> {
    try {
      const dropped = await this.refreshScope();
      const dirty = [...this.pictures].filter(([, p]) => p.dirty && p.latestAt !== null);
      if (dirty.length === 0 && !dropped) return;
      const started = Date.now();
      const [receptors, winds] = await Promise.all([this.receptors.list(), this.winds.all()]);
      for (const [incidentId, picture] of dirty) {
        picture.dirty = false;
        // One incident's failure (a picture that cannot be stored) must not hold up the others.
        try {
          const snapshot = await this.host.snapshot({ incidentId, drill: picture.drill, receptors, wind: winds.get(incidentId) ?? null });
          await this.store(snapshot);
          this.latest.set(incidentId, snapshot);
          this.gateway.publish(snapshot);
        } catch (err) {
          this.logOnce(`incident:${incidentId}`, `the situation picture of incident ${incidentId} failed`, err);
        }
      }
      await this.judgeReceptors(receptors);
      this.logger.debug(`situation round: ${dirty.length} pictures in ${Date.now() - started} ms`);
    } catch (err) {
      this.logOnce('round', 'a situation round failed', err);
    }
  }

  private async store(snapshot: SituationSnapshot): Promise<void> {
    const { thinned } = await this.snapshots.save(snapshot);
    if (thinned > 0) this.logOnce(`thinned:${snapshot.incidentId}`, `incident ${snapshot.incidentId}: snapshot rings thinned ${thinned}× to fit one statement`);
  }

  /** Receptor rules see every open incident's latest picture at once: one alert per receptor. */
  private async judgeReceptors(receptors: Receptor[]): Promise<void> {
    if (!this.engine.enabled) return;
    const findings: Finding[] = [];
    const snapshots = [...this.latest.values()];
    for (const rule of await this.enabledReceptorRules()) rule.judge(snapshots, receptors, findings);
    this.engine.applyFindings(findings);
  }

  /** Compiled once per rule version: a rule keeps its memory of which receptors were inside. */
  private async enabledReceptorRules(): Promise<ReceptorRule[]> {
    const stored = (await this.rules.list({ kind: 'receptor' })).filter((r): r is Extract<AlertRule, { kind: 'receptor' }> => r.kind === 'receptor');
    const live = new Set(stored.map((r) => r.id));
    for (const id of [...this.receptorRules.keys()]) if (!live.has(id)) this.receptorRules.delete(id);
    return stored.map((r) => {
      const known = this.receptorRules.get(r.id);
      if (known && known.updatedAt === r.updatedAt) return known.rule;
      const compiled = { updatedAt: r.updatedAt, rule: new ReceptorRule(r) };
      this.receptorRules.set(r.id, compiled);
      return compiled.rule;
    });
  }

  private pictureOf(incidentId: string): Picture {
    let picture = this.pictures.get(incidentId);
    if (picture === undefined) {
      picture = { drill: this.scope.incidents.get(incidentId)?.drill ?? false, dirty: false, latestAt: null };
      this.pictures.set(incidentId, picture);
    }
    return picture;
  }

  /** The first failure of each kind at error with its stack; repeats only at debug (a bad picture every 5 s must not flood the log). */
  private logOnce(kind: string, message: string, err?: unknown): void {
    const detail = err instanceof Error ? `: ${err.message}` : '';
    if (this.logged.has(kind)) return void this.logger.debug(`${message}${detail}`);
    this.logged.add(kind);
    if (err === undefined) this.logger.warn(message);
    else this.logger.error(`${message}${detail}`, err instanceof Error ? err.stack : undefined);
  }
}
