import type { MultiPolygonCoordinates, SituationSnapshot } from '@tianyan/contracts';
import { jsonBytes, splitJsonArrays, type JsonAppend } from '../alerts/json-pieces';

/** 6 decimals of a degree: about 0.1 m, far below the grid the picture is contoured on. */
const DECIMALS = 6;
const MAX_THINNING = 8;

/**
 * A snapshot as stored: coordinates rounded, then split into a head and appends that each fit one
 * statement (the embedded database takes at most 64 KiB per query). A plume too large for one
 * statement even alone has its rings thinned (every other vertex) until it fits; `thinned` says how
 * often, so the caller can log it.
 */
export function snapshotPieces(snapshot: SituationSnapshot, maxBytes: number): { head: SituationSnapshot; appends: JsonAppend[]; thinned: number } {
  let body = roundSnapshot(snapshot);
  for (let thinned = 0; ; thinned++) {
    const biggestPlume = Math.max(0, ...body.plumes.map(jsonBytes));
    const thermal = body.thermal ? jsonBytes(body.thermal) : 0;
    if ((biggestPlume <= maxBytes - 2 && thermal <= maxBytes / 2) || thinned >= MAX_THINNING) {
      const { head, appends } = splitJsonArrays(body, maxBytes);
      return { head, appends, thinned };
    }
    body = thinSnapshot(body);
  }
}

export function roundSnapshot(s: SituationSnapshot): SituationSnapshot {
  return mapPolygons(s, (mp) => mp.map((poly) => poly.map((ring) => ring.map((p) => p.map((v) => round(v))))));
}

/** Every other vertex of each ring longer than a quadrilateral, the ring kept closed. */
function thinSnapshot(s: SituationSnapshot): SituationSnapshot {
  return mapPolygons(s, (mp) =>
    mp.map((poly) =>
      poly.map((ring) => {
        if (ring.length <= 5) return ring;
        const kept = ring.slice(0, -1).filter((_, i) => i % 2 === 0);
        return [...kept, kept[0]!];
      }),
    ),
  );
}

function mapPolygons(s: SituationSnapshot, f: (mp: MultiPolygonCoordinates) => MultiPolygonCoordinates): SituationSnapshot {
  return {
    ...s,
    plumes: s.plumes.map((p) => ({ ...p, zones: p.zones.map((z) => ({ ...z, polygon: f(z.polygon) })) })),
    thermal: s.thermal ? { ...s.thermal, polygon: f(s.thermal.polygon) } : null,
  };
}

function round(v: number): number {
  const k = 10 ** DECIMALS;
  return Math.round(v * k) / k;
}
