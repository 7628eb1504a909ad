import { round, type Xy } from '../../geo/local-frame';
import type { Rng } from '../../random/rng';
import type { World } from '../../world/world';
import type { DeviceOutput, SimDevice, StatusBody } from '../device';
import { violations, type LimitSet } from './inspection-limits';
import type { OffenderConfig, OffenderKind } from './offender-kinds';
import { makeTruck } from './truck-factory';

export interface ObdStationConfig {
  id: string;
  at: Xy;
  lanes: number;
  limitSet: LimitSet;
  offenders: OffenderConfig;
  /** Latest the first inspection of each lane may come (default: half a usual gap). */
  firstWithinS?: number;
}

/** One inspected truck as the ground truth records it. */
export interface VehicleTruth {
  ts: number;
  stationId: string;
  lane: number;
  vin: string;
  plate: string;
  offender: OffenderKind | null;
  violations: string[];
}

const FIRMWARE = 'MOBD-3.2.0';

/**
 * A mobile roadside OBD station: trucks are pulled over lane by lane, one test every 3–8 minutes per
 * lane, each reported as one inspection (OBD readout, three free-acceleration opacity runs, NOx, urea).
 */
export class ObdStation implements SimDevice {
  readonly kind = 'obd' as const;
  readonly id: string;
  nextAtMs: number;
  private readonly laneDueMs: number[];
  private readonly onVehicle: (v: VehicleTruth) => void;

  constructor(
    private readonly cfg: ObdStationConfig,
    private readonly world: World,
    private readonly rng: Rng,
    onVehicle: (v: VehicleTruth) => void,
  ) {
    this.id = cfg.id;
    this.onVehicle = onVehicle;
    const firstWithinMs = (cfg.firstWithinS ?? Infinity) * 1000;
    this.laneDueMs = Array.from({ length: cfg.lanes }, (_, lane) => Math.min(this.gapMs() / 2, firstWithinMs + lane * 1000));
    this.nextAtMs = Math.min(...this.laneDueMs);
  }

  status(): StatusBody {
    return { state: 'online', firmware: FIRMWARE };
  }

  tick(): DeviceOutput[] {
    const tMs = this.nextAtMs;
    const lane = this.laneDueMs.indexOf(tMs);
    this.laneDueMs[lane] = tMs + this.gapMs();
    this.nextAtMs = Math.min(...this.laneDueMs);
    const truck = makeTruck(this.rng, this.cfg.offenders);
    const ll = this.world.frame.toLatLon(this.cfg.at);
    const tS = tMs / 1000;
    const air = this.world.airTempC(tS);
    const body = {
      lat: round(ll.lat, 7),
      lon: round(ll.lon, 7),
      lane: lane + 1,
      vin: truck.vin,
      plate: truck.plate,
      ...truck.body,
      ambient: { tempC: round(air, 1), humidityPct: round(65 + 15 * Math.sin(tS / 5000), 0), pressureKPa: round(101.3 + 0.4 * Math.sin(tS / 20000), 1) },
    };
    this.onVehicle({ ts: this.world.epochMs(tS), stationId: this.id, lane: lane + 1, vin: truck.vin, plate: truck.plate, offender: truck.offender, violations: violations(truck.body as never, this.cfg.limitSet) });
    return [{ channel: 'inspection', body }];
  }

  private gapMs(): number {
    return this.rng.int(180, 480) * 1000;
  }
}
