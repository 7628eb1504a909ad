import { composeScenario } from '../scenario/compose-scenario';
import { runSimulation, type SimulationHandle } from './run-simulation';
import { sharedCredentials, type CredentialLookup } from './credentials';
import type { FaultKind } from '../scenario/faults';
import type { DeviceKind } from '@tianyan/contracts';

export interface DemoFleetOptions {
  mqttUrl: string;
  username?: string;
  password?: string;
  credentials?: CredentialLookup;
  seed?: number;
  /** Field faults to show on the device-health panel (default none). */
  faults?: readonly FaultKind[];
  log?: (line: string) => void;
}

/**
 * Keeps the command center alive on `npm start`: the chemical-plant fire at 1× (three drones, three
 * spectrometers, one of them on a plume-mapping UAV) plus one roadside OBD station, forever. Drones cycle through battery swaps and fly
 * again; the fire keeps flaring; no ground truth is kept, so memory stays flat.
 */
export async function startDemoFleet(o: DemoFleetOptions): Promise<SimulationHandle> {
  const scenario = demoScenario(o.seed, o.faults);
  return runSimulation({ scenario, mqttUrl: o.mqttUrl, speed: 1, credentials: o.credentials ?? sharedCredentials(o.username, o.password), log: o.log });
}

function demoScenario(seed = DEMO_SEED, faults: readonly FaultKind[] = []) {
  return composeScenario({
    name: 'demo',
    incidents: ['chemical-plant-fire', 'diesel-enforcement'],
    obdStations: 1,
    seed,
    startTime: Date.now(),
    faults,
    groundTruth: false,
    quickStart: true,
  });
}

const DEMO_SEED = 20240601;

/** The devices of the demo fleet (ids and kinds): registered with their own credentials at start. */
export function demoFleetDevices(seed = DEMO_SEED): { id: string; kind: DeviceKind }[] {
  return demoScenario(seed).devices.map((d) => ({ id: d.id, kind: d.kind }));
}
