import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { multiPolygon, point } from '@turf/helpers';
import type { MultiPolygonCoordinates } from '@tianyan/contracts';
import { LocalMetricFrame } from '../local-metric-frame';

/**
 * IoU of two multipolygons restricted to the surveyed area: the raster cells (of `cellM`) within
 * `radiusM` of a sample position. What no device came near cannot be known by interpolation, so this
 * is the fair score of an interpolated extent against a ground truth that reaches beyond the survey.
 */
export function surveyedIoU(a: MultiPolygonCoordinates, b: MultiPolygonCoordinates, samples: ReadonlyArray<{ lat: number; lon: number }>, radiusM: number, cellM = 10): { iou: number; surveyedM2: number; truthM2: number } {
  if (samples.length === 0) return { iou: 0, surveyedM2: 0, truthM2: 0 };
  const frame = new LocalMetricFrame(samples[0]!.lat, samples[0]!.lon);
  const pts = samples.map((s) => [frame.x(s.lon), frame.y(s.lat)] as const);
  const covered = new Set<string>();
  const reach = Math.ceil(radiusM / cellM);
  for (const [x, y] of pts) {
    const ci = Math.floor(x / cellM);
    const cj = Math.floor(y / cellM);
    for (let dj = -reach; dj <= reach; dj++) {
      for (let di = -reach; di <= reach; di++) {
        const cx = (ci + di + 0.5) * cellM;
        const cy = (cj + dj + 0.5) * cellM;
        if ((cx - x) ** 2 + (cy - y) ** 2 <= radiusM * radiusM) covered.add(`${ci + di},${cj + dj}`);
      }
    }
  }
  const fa = a.length > 0 ? multiPolygon(a) : null;
  const fb = b.length > 0 ? multiPolygon(b) : null;
  let inter = 0;
  let union = 0;
  let truth = 0;
  for (const key of covered) {
    const [i, j] = key.split(',').map(Number) as [number, number];
    const p = point([frame.lon((i + 0.5) * cellM), frame.lat((j + 0.5) * cellM)]);
    const inA = fa !== null && booleanPointInPolygon(p, fa);
    const inB = fb !== null && booleanPointInPolygon(p, fb);
    if (inA && inB) inter++;
    if (inA || inB) union++;
    if (inB) truth++;
  }
  return { iou: union > 0 ? inter / union : 0, surveyedM2: covered.size * cellM * cellM, truthM2: truth * cellM * cellM };
}
