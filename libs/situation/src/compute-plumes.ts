import { computePlume, type ComputedPlume, type PlumeComputeOptions } from './compute-plume';
import type { ConcentrationSample } from './concentration-sample';
import { fittedPlumeField, type PlumeAxis } from './dispersion-field';
import { idwFields } from './idw-field';
import { LocalMetricFrame } from './local-metric-frame';
import type { PlumeBandSpec } from './plume-bands';

/**
 * computePlume for several compounds. With a known plume axis (a source the drones see), each
 * compound's samples are first fitted with a dispersion model; the others are interpolated, and
 * compounds measured at exactly the same readings (the gases of a multi-gas survey) share one IDW
 * pass, whose weights depend only on where the samples are.
 */
export function computePlumes(jobs: ReadonlyArray<{ cas: string; samples: readonly ConcentrationSample[]; bands: readonly PlumeBandSpec[] }>, o: PlumeComputeOptions, fitAlong: { axis: PlumeAxis; now: number } | null = null): ComputedPlume[] {
  const out: ComputedPlume[] = new Array(jobs.length);
  const groups = new Map<string, number[]>();
  jobs.forEach((job, i) => {
    const lowest = job.bands[0]?.thresholdPpm;
    const fitted = fitAlong && lowest ? fittedPlumeField(job.samples, lowest, fitAlong.axis, fitAlong.now) : null;
    if (fitted) {
      out[i] = computePlume(job.cas, job.samples, job.bands, o, fitted);
      return;
    }
    const key = job.samples.map((s) => `${s.deviceId}@${s.time}@${s.lat},${s.lon}`).join('|');
    const g = groups.get(key);
    if (g) g.push(i);
    else groups.set(key, [i]);
  });
  for (const members of groups.values()) {
    const samples = jobs[members[0]!]!.samples;
    if (members.length === 1 || samples.length === 0) {
      for (const i of members) out[i] = computePlume(jobs[i]!.cas, jobs[i]!.samples, jobs[i]!.bands, o);
      continue;
    }
    const frame = new LocalMetricFrame(samples.reduce((s, x) => s + x.lat, 0) / samples.length, samples.reduce((s, x) => s + x.lon, 0) / samples.length);
    const points = samples.map((s, k) => ({ x: frame.x(s.lon), y: frame.y(s.lat), values: members.map((i) => jobs[i]!.samples[k]!.ppm), source: s.deviceId }));
    const fields = idwFields(points, members.length, { cellM: o.cellM, power: o.idwPower, searchRadiusM: o.searchRadiusM, anisotropy: o.anisotropy })!;
    members.forEach((i, c) => {
      out[i] = computePlume(jobs[i]!.cas, jobs[i]!.samples, jobs[i]!.bands, o, { field: fields[c]!, frame, estimate: { method: 'idw' } });
    });
  }
  return out;
}
