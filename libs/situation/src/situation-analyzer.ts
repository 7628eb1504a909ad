import type { DeviceReading, PlumeSnapshot, Receptor, SituationSnapshot, ThermalExtent } from '@tianyan/contracts';
import type { ComputedPlume } from './compute-plume';
import { computePlumes } from './compute-plumes';
import { concentrationSamples, type ConcentrationSample } from './concentration-sample';
import { CameraPoseTrack } from './camera-pose-track';
import { ConcentrationSampleStore } from './concentration-sample-store';
import { estimateWindFromPlume } from './estimate-wind-from-plume';
import { plumeBandsFor } from './plume-bands';
import { PlumeTracker } from './plume-tracker';
import { receptorStatuses } from './receptor-statuses';
import { transportToNow } from './transport-samples';
import { DEFAULT_SITUATION_OPTIONS, type ResolvedSituationOptions, type SituationOptions } from './situation-options';
import { projectThermalFrame, thermalExtentOfProjected, type ProjectedThermalFrame, type ThermalFrameInput } from './thermal-extent';

export interface SnapshotInput {
  incidentId: string;
  drill: boolean;
  receptors: Receptor[];
  wind: { fromDeg: number; speedMs: number | null } | null;
}

interface StoredFrame {
  time: number;
  /** The frame as received, until the first snapshot that needs it projects it: then only the projection is kept. */
  received: Omit<ThermalFrameInput, 'pose'> | null;
  /** Decoded and projected at the first snapshot that needs it (undefined: not yet; null: unusable). */
  projected?: ProjectedThermalFrame | null;
}

/** Data kept beyond the window, so a snapshot slightly behind the newest reading still has its inputs. */
const KEEP_EXTRA_MS = 60_000;
const PRUNE_EVERY = 2000;

/**
 * The situation picture of one incident, rebuilt from its readings in a sliding window of device
 * time: plumes per compound, the thermal hot area, receptor statuses. Readings may arrive in any
 * order (store-and-forward replays); each is placed by its device time. Drift and growth come from
 * the history of the snapshots taken, so take them regularly (every few seconds) as time advances.
 */
export class SituationAnalyzer {
  private readonly o: ResolvedSituationOptions;
  private latest: number | null = null;
  private readonly samples = new ConcentrationSampleStore();
  private frames: StoredFrame[] = [];
  private readonly poses = new Map<string, CameraPoseTrack>();
  private readonly tracker: PlumeTracker;
  private addsSincePrune = 0;

  constructor(options: SituationOptions) {
    this.o = { ...DEFAULT_SITUATION_OPTIONS, ...definedOnly(options) };
    if (!(this.o.windowS > 0)) throw new Error(`windowS must be > 0 (got ${options.windowS})`);
    this.tracker = new PlumeTracker(Math.min(this.o.windowS, 120));
  }

  add(reading: DeviceReading): void {
    if (!Number.isFinite(reading.time)) return;
    this.advance(reading.time);
    switch (reading.stream) {
      case 'ms/survey':
      case 'ms/identification':
        for (const s of concentrationSamples(reading)) this.samples.push(s);
        break;
      case 'drone/thermal': {
        const d = reading.data;
        if (d.frame) this.frames.push({ time: reading.time, received: { deviceId: reading.deviceId, time: reading.time, lat: d.lat, lon: d.lon, relAltM: d.relAltM, frame: d.frame } });
        break;
      }
      case 'drone/telemetry': {
        const d = reading.data;
        this.addPose(reading.deviceId, { time: reading.time, yawDeg: d.headingDeg + (d.gimbalYawDeg ?? 0), pitchDeg: d.gimbalPitchDeg ?? -90 });
        break;
      }
      case 'drone/status':
      case 'ms/status':
      case 'obd/status':
      case 'obd/inspection':
        return; // nothing georeferenced to map
    }
    this.counted();
  }

  /*
   * The parts of `add`, for a caller that carries readings in a compact form (the situation worker):
   * the same effect as `add` of the reading they came from, when called with its finite time first.
   */

  /** A reading's device time, which moves the window even when the reading has nothing to map. */
  advance(time: number): void {
    if (this.latest === null || time > this.latest) this.latest = time;
  }

  /** The concentrations of one reading (after `advance` of its time). */
  addSamples(samples: readonly ConcentrationSample[]): void {
    for (const s of samples) this.samples.push(s);
    this.counted();
  }

  /** A thermal reading (after `advance` of its time); `frame` absent when it carried none. */
  addThermal(frame: Omit<ThermalFrameInput, 'pose'> | null): void {
    if (frame) this.frames.push({ time: frame.time, received: frame });
    this.counted();
  }

  /** A telemetry reading's camera pose (after `advance` of its time). */
  addTelemetry(deviceId: string, pose: { time: number; yawDeg: number; pitchDeg: number }): void {
    this.addPose(deviceId, pose);
    this.counted();
  }

  private counted(): void {
    if (++this.addsSincePrune >= PRUNE_EVERY) this.prune();
  }

  /** Latest device time seen, or null. */
  get latestAt(): number | null {
    return this.latest;
  }

  /** The picture at the latest device time (window [latestAt − windowS, latestAt]). */
  snapshot(input: SnapshotInput): SituationSnapshot {
    const at = this.latest ?? 0;
    const from = at - this.o.windowS * 1000;
    const inWindow = (t: number) => t >= from && t <= at;

    const byCas = this.samples.byCasWithin(from, at);
    const anisotropy = input.wind && this.o.windAnisotropy > 1 ? { towardDeg: (input.wind.fromDeg + 180) % 360, ratio: this.o.windAnisotropy } : null;
    const jobs = [...byCas.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([cas, samples]) => ({ cas, samples, bands: plumeBandsFor(cas, this.o.bandOverrides?.[cas]) }))
      .filter((job) => job.bands.length > 0); // no threshold known or configured: nothing to contour
    const thermal = this.thermalAt(at, inWindow);
    // A fire is the plume's source: its samples are turned with the plume about the hottest pixel.
    const source = thermal && thermal.areaM2 > 0 ? thermal.hottest : null;
    const transported = transportToNow(jobs, source, at);
    const options = { cellM: this.o.cellM, idwPower: this.o.idwPower, searchRadiusM: this.o.searchRadiusM, anisotropy };
    const computed: ComputedPlume[] = computePlumes(transported.jobs, options, this.o.dispersionFit && transported.axis ? { axis: transported.axis, now: at } : null).map((c) => {
      const change = this.tracker.update(`plume:${c.plume.cas}`, at, c.plume.centroid, c.plume.extentAreaKm2);
      return { ...c, plume: { ...c.plume, ...change } };
    });
    const plumes: PlumeSnapshot[] = computed.map((c) => c.plume);

    const wind = this.windFor(input.wind, computed, thermal);
    const receptors = receptorStatuses(input.receptors, plumes, wind, { downwindDistanceM: this.o.downwindDistanceM });
    return { incidentId: input.incidentId, drill: input.drill, at, windowS: this.o.windowS, wind, plumes, thermal, receptors };
  }

  private thermalAt(at: number, inWindow: (t: number) => boolean): ThermalExtent | null {
    const projected: ProjectedThermalFrame[] = [];
    for (const f of this.frames) {
      if (!inWindow(f.time)) continue;
      // Decoding and projecting is the costly part; a frame is done once, with the pose known then.
      if (f.projected === undefined && f.received) {
        f.projected = projectThermalFrame({ ...f.received, pose: this.poseAt(f.received.deviceId, f.time) }, this.o.thermalHfovDeg, this.o.thermalThresholdC);
        f.received = null;
      }
      if (f.projected) projected.push(f.projected);
    }
    const extent = thermalExtentOfProjected(projected, { thresholdC: this.o.thermalThresholdC });
    if (!extent) return null;
    const change = this.tracker.update('thermal', at, extent.hottest, extent.areaM2);
    return { ...extent, growthPctPerMin: change.growthPctPerMin };
  }

  private windFor(given: SnapshotInput['wind'], computed: readonly ComputedPlume[], thermal: ThermalExtent | null): SituationSnapshot['wind'] {
    if (given) return { fromDeg: given.fromDeg, speedMs: given.speedMs, source: 'incident' };
    const widest = computed.filter((c) => c.plume.zones.length > 0).sort((a, b) => b.plume.extentAreaKm2 - a.plume.extentAreaKm2)[0];
    if (!widest) return null;
    // A fire is the plume's source: its hottest pixel anchors the axis when the drones see one.
    const source = thermal && thermal.areaM2 > 0 ? thermal.hottest : null;
    const est = estimateWindFromPlume({ centroid: widest.plume.centroid, peak: widest.peak, extent: widest.plume.zones[widest.plume.zones.length - 1]!.polygon, source });
    return est ? { ...est, source: 'plume-axis' } : null;
  }

  private addPose(deviceId: string, pose: { time: number; yawDeg: number; pitchDeg: number }): void {
    let track = this.poses.get(deviceId);
    if (!track) this.poses.set(deviceId, (track = new CameraPoseTrack()));
    track.add(pose.time, pose.yawDeg, pose.pitchDeg);
  }

  private poseAt(deviceId: string, time: number): { yawDeg: number; pitchDeg: number } | null {
    return this.poses.get(deviceId)?.at(time) ?? null;
  }

  private prune(): void {
    this.addsSincePrune = 0;
    if (this.latest === null) return;
    const keepFrom = this.latest - this.o.windowS * 1000 - KEEP_EXTRA_MS;
    this.samples.dropBefore(keepFrom);
    this.frames = this.frames.filter((f) => f.time >= keepFrom);
    for (const [id, track] of this.poses) {
      track.dropBefore(keepFrom);
      if (track.length === 0) this.poses.delete(id);
    }
  }
}

/** Drops keys set to undefined, so they do not override defaults when spread. */
function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
