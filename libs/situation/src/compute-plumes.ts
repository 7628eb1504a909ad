import { computePlume, type ComputedPlume, type PlumeComputeOptions } from './compute-plume';
import type { ConcentrationSample } from './concentration-sample';
import { idwFields } from './idw-field';
import { LocalMetricFrame } from './local-metric-frame';
import type { PlumeBandSpec } from './plume-bands';

/**
 * computePlume for several compounds. Compounds measured at exactly the same readings (the gases of
 * a multi-gas survey) share one IDW pass, whose weights depend only on where the samples are.
 */
export function computePlumes(jobs: ReadonlyArray<{ cas: string; samples: readonly ConcentrationSample[]; bands: readonly PlumeBandSpec[] }>, o: PlumeComputeOptions): ComputedPlume[] {
  const groups = new Map<string, number[]>();
  jobs.forEach((job, i) => {
    const key = job.samples.map((s) => `${s.deviceId}@${s.time}@${s.lat},${s.lon}`).join('|');
    const g = groups.get(key);
    if (g) g.push(i);
    else groups.set(key, [i]);
  });
  const out: ComputedPlume[] = new Array(jobs.length);
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
      out[i] = computePlume(jobs[i]!.cas, jobs[i]!.samples, jobs[i]!.bands, o, { field: fields[c]!, frame });
    });
  }
  return out;
}
