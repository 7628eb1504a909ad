import type { LatLon } from '@tianyan/contracts';
import type { ConcentrationSample } from './concentration-sample';
import { LocalMetricFrame } from './local-metric-frame';
import { axisTrack, plumeAxisFixes, wrap180, type ExceedancePoint } from './plume-axis-track';
import type { PlumeAxis } from './dispersion-field';
import type { PlumeBandSpec } from './plume-bands';

export interface PlumeJob {
  cas: string;
  samples: readonly ConcentrationSample[];
  bands: readonly PlumeBandSpec[];
}

export interface TransportOptions {
  /** Width of the time kernel the plume axis is fitted over, s. */
  axisKernelS: number;
  /** Turns are clamped to this (a stray fix must not throw samples across the map), degrees. */
  maxTurnDeg: number;
}

/**
 * A 60 s kernel spans the 1–2 UAV crossings nearest a moment; 90–120 s lags a wind turning 5–10°/min
 * (benzene full-plume IoU median in the simulated plant fire: 0.43 at 30–60 s, 0.40 at 90 s, 0.39 at 120 s).
 */
export const PLUME_TRANSPORT: Readonly<TransportOptions> = { axisKernelS: 60, maxTurnDeg: 60 };

/**
 * Samples moved to where their air is "now": a plume from a fixed source swings about it with the
 * wind, so a reading taken minutes ago lies on an old axis. Each sample is rotated about the source
 * by the turn of the plume axis between its time and `now`, the axis read off the crossings of the
 * plume in the samples themselves (plumeAxisFixes). Without a source or fixes the jobs are returned as
 * they are. The axis "now" is returned with them (null without a source or fixes). Every compound of a reading turns alike, so readings shared by compounds stay shared.
 */
export function transportToNow(jobs: readonly PlumeJob[], source: LatLon | null, now: number, o: TransportOptions = PLUME_TRANSPORT): { jobs: PlumeJob[]; axis: PlumeAxis | null } {
  if (!source) return { jobs: [...jobs], axis: null };
  const frame = new LocalMetricFrame(source.lat, source.lon);
  const track = axisTrack(plumeAxisFixes(exceedances(jobs, frame)), o.axisKernelS);
  if (!track) return { jobs: [...jobs], axis: null };
  const nowDeg = track(now);
  const turnAt = new Map<number, number>();
  const turnOf = (time: number) => {
    let turn = turnAt.get(time);
    if (turn === undefined) {
      turn = wrap180(nowDeg - track(time));
      if (Math.abs(turn) > o.maxTurnDeg) turn = Math.sign(turn) * o.maxTurnDeg;
      turnAt.set(time, turn);
    }
    return turn;
  };
  const moved = jobs.map((job) => ({
    ...job,
    samples: job.samples.map((s) => {
      const turn = (turnOf(s.time) * Math.PI) / 180;
      if (turn === 0) return s;
      // Clockwise by `turn` (compass bearings grow clockwise).
      const x = frame.x(s.lon);
      const y = frame.y(s.lat);
      const cos = Math.cos(turn);
      const sin = Math.sin(turn);
      return { ...s, lat: frame.lat(-x * sin + y * cos), lon: frame.lon(x * cos + y * sin) };
    }),
  }));
  return { jobs: moved, axis: { source, towardDeg: ((nowDeg % 360) + 360) % 360 } };
}

/** Per reading, its largest exceedance of a compound's outer band (every compound shares the plume's geometry). */
function exceedances(jobs: readonly PlumeJob[], frame: LocalMetricFrame): ExceedancePoint[] {
  const byReading = new Map<string, ExceedancePoint>();
  for (const job of jobs) {
    const threshold = job.bands[0]?.thresholdPpm;
    if (!threshold) continue;
    for (const s of job.samples) {
      const ratio = s.ppm / threshold;
      if (ratio < 1) continue;
      const key = `${s.deviceId}@${s.time}`;
      const p = byReading.get(key);
      if (p) p.ratio = Math.max(p.ratio, ratio);
      else byReading.set(key, { deviceId: s.deviceId, time: s.time, x: frame.x(s.lon), y: frame.y(s.lat), ratio });
    }
  }
  return [...byReading.values()];
}
