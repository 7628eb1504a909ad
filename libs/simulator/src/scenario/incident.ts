import type { LocalFrame } from '../geo/local-frame';
import type { Rng } from '../random/rng';
import type { SimDevice } from '../devices/device';
import type { OffenderConfig } from '../devices/obd/offender-kinds';
import type { VehicleTruth } from '../devices/obd/obd-station';
import type { HeatSource } from '../world/heat-field';
import type { Release } from '../world/release';
import type { River } from '../world/river';
import type { World } from '../world/world';
import type { FaultPlan } from './faults';

export const INCIDENTS = ['chemical-plant-fire', 'river-discharge', 'diesel-enforcement'] as const;
export type IncidentName = (typeof INCIDENTS)[number];

/** Hands out device ids per kind (drone-01, drone-02, …) across all incidents of one scenario. */
export class DeviceIds {
  private readonly next = new Map<string, number>();
  take(kind: 'drone' | 'ms' | 'obd'): string {
    const n = (this.next.get(kind) ?? 0) + 1;
    this.next.set(kind, n);
    return `${kind}-${String(n).padStart(2, '0')}`;
  }
}

export interface SiteContext {
  frame: LocalFrame;
  river: River;
  rng: Rng;
  ids: DeviceIds;
  /** Mean wind direction (from, degrees): incidents lay out their downwind paths against it. */
  meanWindFromDeg: number;
  obd: { offenders: OffenderConfig; stations?: number };
  /**
   * Seconds before a device starts its work (take-off, end of warm-up): as planned in a drill, or
   * capped at a few seconds for the live demo, whose screen should come alive at once.
   */
  delayS: (plannedS: number) => number;
  /** How long the incident has been going when the scenario starts: 0 in a drill, 20 min for the live demo. */
  incidentAgeS: number;
}

export interface DeviceContext {
  world: World;
  faults: FaultPlan;
  rngFor: (deviceId: string) => Rng;
  onVehicle: (v: VehicleTruth) => void;
}

/**
 * One incident's contribution to the shared world: what it releases, what is hot, and the devices
 * deployed to it. Devices are built once the world exists, because they observe all of it.
 */
export interface IncidentPlan {
  name: IncidentName;
  releases: Release[];
  heat: HeatSource[];
  devices: (ctx: DeviceContext) => SimDevice[];
}
