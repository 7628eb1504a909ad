import area from '@turf/area';
import intersect from '@turf/intersect';
import union from '@turf/union';
import { featureCollection, multiPolygon } from '@turf/helpers';
import type { MultiPolygonCoordinates } from '@tianyan/contracts';

/** Intersection over union of two multipolygons (turf, m² on the sphere); 0 when both are empty. */
export function polygonIoU(a: MultiPolygonCoordinates, b: MultiPolygonCoordinates): number {
  if (a.length === 0 && b.length === 0) return 0;
  if (a.length === 0 || b.length === 0) return 0;
  const fa = multiPolygon(a);
  const fb = multiPolygon(b);
  const both = featureCollection([fa, fb]);
  const inter = intersect(both);
  const interM2 = inter ? area(inter) : 0;
  const uni = union(both);
  const unionM2 = uni ? area(uni) : area(fa) + area(fb) - interM2;
  return unionM2 > 0 ? interM2 / unionM2 : 0;
}
