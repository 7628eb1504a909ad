import { LocalFrame } from '../geo/local-frame';
import { DeviceLink } from '../link/device-link';
import { Rng } from '../random/rng';
import { DEFAULT_OFFENDERS, type OffenderConfig } from '../devices/obd/offender-kinds';
import type { VehicleTruth } from '../devices/obd/obd-station';
import { River } from '../world/river';
import { Wind } from '../world/wind';
import { World } from '../world/world';
import { DEMO_AREA } from './demo-area';
import { FaultPlan, type FaultKind } from './faults';
import { GroundTruthRecorder } from './ground-truth';
import { DeviceIds, type IncidentName, type IncidentPlan, type SiteContext } from './incident';
import { chemicalPlantFire } from './incidents/chemical-plant-fire';
import { dieselEnforcement } from './incidents/diesel-enforcement';
import { riverDischarge } from './incidents/river-discharge';
import { Scenario } from './scenario';

export interface ComposeOptions {
  name: string;
  incidents: readonly IncidentName[];
  seed: number;
  startTime: number;
  drill?: boolean;
  faults?: readonly FaultKind[];
  offenders?: OffenderConfig;
  obdStations?: number;
  groundTruth?: boolean;
  validate?: boolean;
  /** Devices start within seconds instead of the planned deployment delays (the live demo). */
  quickStart?: boolean;
}

const QUICK_START_MAX_DELAY_S = 5;
const QUICK_START_INCIDENT_AGE_S = 20 * 60;

const BUILDERS: Record<IncidentName, (site: SiteContext) => IncidentPlan> = {
  'chemical-plant-fire': chemicalPlantFire,
  'river-discharge': riverDischarge,
  'diesel-enforcement': dieselEnforcement,
};

/** Builds one world holding every chosen incident (so a drone over one also sees the other). */
export function composeScenario(o: ComposeOptions): Scenario {
  const root = new Rng(o.seed);
  const frame = new LocalFrame(DEMO_AREA.centre);
  const river = new River(DEMO_AREA.river.map((p) => frame.toXy(p)), DEMO_AREA.riverHalfWidthM);
  const wind = new Wind({ meanFromDeg: 225, meanSpeedMs: 3.2, driftDeg: 25, speedDrift: 0.3 }, root.fork('wind'));
  const site: SiteContext = { frame, river, rng: root.fork('site'), ids: new DeviceIds(), meanWindFromDeg: 225, obd: { offenders: o.offenders ?? DEFAULT_OFFENDERS, stations: o.obdStations },
    delayS: (plannedS) => (o.quickStart ? Math.min(plannedS, QUICK_START_MAX_DELAY_S) : plannedS),
    incidentAgeS: o.quickStart ? QUICK_START_INCIDENT_AGE_S : 0,
  };
  const plans = o.incidents.map((name) => BUILDERS[name](site));
  const world = new World({
    frame,
    startTime: o.startTime,
    groundElevationM: DEMO_AREA.groundElevationM,
    wind,
    river,
    releases: plans.flatMap((p) => p.releases),
    heat: plans.flatMap((p) => p.heat),
    backgroundPpm: { toluene: 0.004, benzene: 0.0012, xylenes: 0.002 },
  });
  const faults = new FaultPlan(o.faults ?? [], root.fork('faults'));
  const onVehicle = (v: VehicleTruth) => recorder.addVehicle(v);
  const devices = plans.flatMap((p) => p.devices({ world, faults, rngFor: (id) => root.fork(`device:${id}`), onVehicle }));
  faults.setTargets(devices.map((d) => ({ id: d.id, kind: d.kind })));
  const drill = o.drill ?? false;
  const recorder = new GroundTruthRecorder(
    { scenario: o.name, seed: o.seed, startTime: o.startTime, drill, incidents: [...o.incidents], devices: devices.map((d) => ({ id: d.id, kind: d.kind })) },
    world,
    faults,
    o.groundTruth ?? true,
  );
  const fleet = devices.map((device) => ({ device, link: new DeviceLink(device, (t) => world.epochMs(t / 1000), faults, drill) }));
  return new Scenario(o.name, o.seed, o.startTime, drill, o.incidents, fleet, recorder, o.validate ?? true);
}

