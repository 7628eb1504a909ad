import { writeFileSync } from 'node:fs';
import type { OffenderConfig } from '../devices/obd/offender-kinds';
import { createScenario, type ScenarioName } from '../scenario/create-scenario';
import type { FaultKind } from '../scenario/faults';
import type { GroundTruth } from '../scenario/ground-truth';
import { Scenario, type EventSource } from '../scenario/scenario';
import { sharedCredentials, type CredentialLookup } from './credentials';
import { MqttFleet } from './mqtt-fleet';

export interface RunOptions {
  /** A scenario name, or any event source (a composed scenario, the load generator). */
  scenario: ScenarioName | EventSource;
  mqttUrl: string;
  seed?: number;
  /** Virtual seconds per wall second (default 1). */
  speed?: number;
  /** Epoch ms of virtual time 0. Default: now at 1×; at higher speed, far enough back that the run ends about now. */
  startTime?: number;
  /** Stop after this much virtual time; run until stop() when absent. */
  durationS?: number;
  drill?: boolean;
  faults?: boolean | readonly FaultKind[];
  offenders?: OffenderConfig;
  username?: string;
  password?: string;
  /** Per-device credentials; wins over username/password. */
  credentials?: CredentialLookup;
  /** Share this many MQTT sessions among all devices (load mode) instead of one per device. */
  connections?: number;
  clientIdPrefix?: string;
  /** Write the ground truth here when the run ends. */
  groundTruthFile?: string;
  /** Wall-clock ms between scheduler steps (default 100). */
  tickMs?: number;
  log?: (line: string) => void;
}

export interface SimulationStats {
  published: number;
  acked: number;
  failed: number;
  connects: number;
  disconnects: number;
  /** Messages the contract check rejected before sending (a simulator bug if ever > 0). */
  invalid: number;
  byStream: Record<string, number>;
  /** Virtual time reached, epoch ms. */
  virtualTime: number;
  /** Wall-clock ms when publishing began. */
  startedAt: number;
}

export interface SimulationHandle {
  readonly stats: SimulationStats;
  /** All first sessions are connected. */
  readonly ready: Promise<void>;
  /** The run reached its duration (or was stopped) and flushed. */
  readonly done: Promise<void>;
  stop(): Promise<void>;
  groundTruth(): GroundTruth | null;
}

/**
 * Plays a scenario into a broker: maps virtual time to wall time by the speed factor and publishes
 * every event with mqtt.js (QoS 1; status retained; one session and last will per device). It never
 * publishes from the future: virtual time is held at or before the wall clock, so device times
 * always pass the server's clock-skew check even at high speed.
 */
export function runSimulation(o: RunOptions): SimulationHandle {
  const speed = o.speed ?? 1;
  const log = o.log ?? (() => undefined);
  const wallStart = Date.now();
  const startTime = o.startTime ?? (speed > 1 ? wallStart - Math.round((o.durationS ?? 3600) * 1000) : wallStart);
  const source: EventSource = typeof o.scenario === 'string' ? createScenario(o.scenario, { seed: o.seed ?? 1, startTime, drill: o.drill, faults: o.faults, offenders: o.offenders, groundTruth: o.groundTruthFile !== undefined }) : o.scenario;
  const stats: SimulationStats = { published: 0, acked: 0, failed: 0, connects: 0, disconnects: 0, invalid: 0, byStream: {}, virtualTime: source.startTime, startedAt: wallStart };
  const fleet = new MqttFleet(o.mqttUrl, o.credentials ?? sharedCredentials(o.username, o.password), stats, log, o.connections, o.clientIdPrefix ?? '');
  const endTime = o.durationS === undefined ? Infinity : source.startTime + o.durationS * 1000;
  let stopping = false;
  let wake: (() => void) | null = null;
  let index = 0;
  let readyResolve: () => void = () => undefined;
  const ready = new Promise<void>((r) => (readyResolve = r));

  const loop = async (): Promise<void> => {
    let first = true;
    while (!stopping) {
      const elapsed = Date.now() - wallStart;
      const target = Math.min(endTime, source.startTime + elapsed * speed, Date.now());
      for (const e of source.advanceTo(target)) {
        if (e.type === 'connect') fleet.connect(e.deviceId, e.will);
        else if (e.type === 'disconnect') fleet.drop(e.deviceId);
        else {
          fleet.publish(e, index++);
          const stream = e.topic.split('/');
          const key = `${stream[2]}/${stream[4]}`;
          stats.byStream[key] = (stats.byStream[key] ?? 0) + 1;
          await fleet.backpressure();
        }
      }
      stats.virtualTime = target;
      if (source instanceof Scenario) stats.invalid = source.validation.invalid;
      if (first) {
        first = false;
        void fleet.connected().then(readyResolve);
      }
      if (target >= endTime) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, o.tickMs ?? 100);
      });
      wake = null;
    }
    await fleet.drain(10_000);
    if (o.groundTruthFile && source instanceof Scenario) writeFileSync(o.groundTruthFile, JSON.stringify(source.groundTruth(), null, 1));
    await fleet.close();
  };

  const done = loop().catch((err: Error) => log(`simulation stopped: ${err.message}`));
  return {
    stats,
    ready,
    done,
    groundTruth: () => (source instanceof Scenario ? source.groundTruth() : null),
    stop: async () => {
      stopping = true;
      (wake as (() => void) | null)?.();
      await done;
    },
  };
}
