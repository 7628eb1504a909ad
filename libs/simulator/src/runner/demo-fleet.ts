import { composeScenario } from '../scenario/compose-scenario';
import { runSimulation, type SimulationHandle } from './run-simulation';
import { sharedCredentials, type CredentialLookup } from './credentials';
import type { FaultKind } from '../scenario/faults';

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
 * Keeps the command center alive on `npm start`: the chemical-plant fire at 1× (three drones, two
 * spectrometers) plus one roadside OBD station, forever. Drones cycle through battery swaps and fly
 * again; the fire keeps flaring; no ground truth is kept, so memory stays flat.
 */
export async function startDemoFleet(o: DemoFleetOptions): Promise<SimulationHandle> {
  const scenario = composeScenario({
    name: 'demo',
    incidents: ['chemical-plant-fire', 'diesel-enforcement'],
    obdStations: 1,
    seed: o.seed ?? 20240601,
    startTime: Date.now(),
    faults: o.faults ?? [],
    groundTruth: false,
    quickStart: true,
  });
  return runSimulation({ scenario, mqttUrl: o.mqttUrl, speed: 1, credentials: o.credentials ?? sharedCredentials(o.username, o.password), log: o.log });
}
