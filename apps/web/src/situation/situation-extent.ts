import type { Receptor, SituationSnapshot } from '@tianyan/contracts';
import { extentOf, type GeoExtent } from '../map/fit-view';
import { outerRings, type LonLat } from './situation-geometry';
import { receptorMarkers } from './situation-map.option';

/** Receptors and devices this close (m) to the plumes and thermal extent belong to the incident's picture. */
export const INCIDENT_RANGE_M = 600;

const M_PER_DEG_LAT = 111_320;

/**
 * What "frame the incident" shows: the plumes and thermal extent, and around them the receptors at
 * stake (inside, downwind, or within `rangeM`) and the devices within `rangeM` (the ones deployed on
 * it; a far-off station does not shrink the picture). Null while there is no plume or thermal extent.
 */
export function situationExtent(
  snapshots: readonly SituationSnapshot[],
  receptors: readonly Receptor[],
  devices: readonly LonLat[],
  rangeM: number = INCIDENT_RANGE_M,
): GeoExtent | null {
  const core: LonLat[] = [];
  for (const s of snapshots) {
    for (const p of s.plumes) for (const z of p.zones) for (const ring of outerRings(z.polygon)) core.push(...ring);
    if (s.thermal) for (const ring of outerRings(s.thermal.polygon)) core.push(...ring);
  }
  const coreExtent = extentOf(core);
  if (!coreExtent) return null;
  const near = (p: LonLat) => distanceToExtentM(p, coreExtent) <= rangeM;
  const atStake = receptorMarkers(receptors, snapshots)
    .filter((m) => m.state !== 'safe' || (m.distanceM !== null && m.distanceM <= rangeM))
    .map((m): LonLat => [m.lon, m.lat]);
  return extentOf([...core, ...atStake, ...devices.filter(near)]);
}

/** Distance (m) from a point to a lon/lat box, 0 inside; flat-earth, fine over a few km. */
export function distanceToExtentM(p: LonLat, e: GeoExtent): number {
  const dLon = Math.max(e.minLon - p[0], 0, p[0] - e.maxLon);
  const dLat = Math.max(e.minLat - p[1], 0, p[1] - e.maxLat);
  return Math.hypot(dLon * M_PER_DEG_LAT * Math.cos((p[1] * Math.PI) / 180), dLat * M_PER_DEG_LAT);
}
