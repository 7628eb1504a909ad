import bearing from '@turf/bearing';
import distance from '@turf/distance';
import type { LatLon, PlumeDrift } from '@tianyan/contracts';

interface Entry {
  at: number;
  centroid: LatLon | null;
  area: number;
}

export interface TrackedChange {
  drift: PlumeDrift | null;
  growthPctPerMin: number | null;
}

/**
 * Drift and growth of plumes (or a hot area) over recent snapshots, per key (CAS or "thermal").
 * Both compare the newest snapshot with the oldest one inside the drift window, and need at least
 * `minSpanS` between them: a centroid jumps a cell or two between close snapshots, which over a few
 * seconds would read as a fast and random drift.
 */
export class PlumeTracker {
  private readonly history = new Map<string, Entry[]>();

  constructor(
    private readonly driftWindowS = 120,
    private readonly minSpanS = 20,
  ) {}

  update(key: string, at: number, centroid: LatLon | null, area: number): TrackedChange {
    let list = this.history.get(key);
    if (!list) this.history.set(key, (list = []));
    // A snapshot at an earlier or equal device time replaces history from there on (recompute after late data).
    while (list.length > 0 && list[list.length - 1]!.at >= at) list.pop();
    list.push({ at, centroid, area });
    const from = at - this.driftWindowS * 1000;
    while (list.length > 1 && list[0]!.at < from) list.shift();
    const then = list[0]!;
    const spanS = (at - then.at) / 1000;
    if (spanS < this.minSpanS) return { drift: null, growthPctPerMin: null };
    const growthPctPerMin = then.area > 0 ? Math.round(((area - then.area) / then.area / (spanS / 60)) * 1000) / 10 : null;
    let drift: PlumeDrift | null = null;
    if (centroid && then.centroid) {
      const a = [then.centroid.lon, then.centroid.lat];
      const b = [centroid.lon, centroid.lat];
      const metres = distance(a, b, { units: 'meters' });
      drift = { towardDeg: metres > 0 ? Math.round(((bearing(a, b) + 360) % 360) * 10) / 10 : 0, speedMs: Math.round((metres / spanS) * 100) / 100 };
    }
    return { drift, growthPctPerMin };
  }

  forget(key: string): void {
    this.history.delete(key);
  }
}
