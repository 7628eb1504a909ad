import area from '@turf/area';
import { multiPolygon } from '@turf/helpers';
import type { LatLon, PlumeEstimate, PlumeSnapshot, PlumeZone } from '@tianyan/contracts';
import type { ConcentrationSample } from './concentration-sample';
import { contourPolygons } from './contour-polygons';
import { idwField, type GridField } from './idw-field';
import { LocalMetricFrame, round6 } from './local-metric-frame';
import type { PlumeBandSpec } from './plume-bands';

export interface PlumeComputeOptions {
  cellM?: number;
  idwPower: number;
  searchRadiusM: number;
  /** Known wind-aligned anisotropy of the interpolation (see IdwOptions), or null. */
  anisotropy?: { towardDeg: number; ratio: number } | null;
}

/** A plume picture plus what later steps (wind estimate, receptors) need from the field. */
export interface ComputedPlume {
  plume: PlumeSnapshot;
  /** Position of the highest interpolated concentration; null when no sample. */
  peak: LatLon | null;
  field: GridField | null;
  frame: LocalMetricFrame | null;
}

/** A field computed before computePlume (shared by compounds, or a fitted dispersion model) and how. */
export interface PrecomputedField {
  field: GridField;
  frame: LocalMetricFrame;
  estimate: PlumeEstimate;
}

const IDW: PlumeEstimate = { method: 'idw' };

/**
 * One compound's plume from its samples in the window: a field (IDW unless `precomputed`), contoured
 * at each band's threshold; centroid = concentration-weighted centre of the cells inside the
 * outermost zone. Drift and growth need history and are left null (PlumeTracker fills them).
 */
export function computePlume(cas: string, samples: readonly ConcentrationSample[], bands: readonly PlumeBandSpec[], o: PlumeComputeOptions, precomputed?: PrecomputedField): ComputedPlume {
  const compound = samples[0]?.compound ?? cas;
  const devices = new Set(samples.map((s) => s.deviceId));
  let maxPpm = 0;
  let latSum = 0;
  let lonSum = 0;
  for (const s of samples) {
    if (s.ppm > maxPpm) maxPpm = s.ppm;
    latSum += s.lat;
    lonSum += s.lon;
  }
  const base: PlumeSnapshot = { cas, compound, sampleCount: samples.length, deviceCount: devices.size, maxPpm, zones: [], extentAreaKm2: 0, centroid: null, drift: null, growthPctPerMin: null, estimate: precomputed?.estimate ?? IDW };
  if (samples.length === 0 || bands.length === 0) return { plume: base, peak: null, field: null, frame: null };

  const frame = precomputed?.frame ?? new LocalMetricFrame(latSum / samples.length, lonSum / samples.length);
  const field =
    precomputed?.field ??
    idwField(
      samples.map((s) => ({ x: frame.x(s.lon), y: frame.y(s.lat), value: s.ppm, source: s.deviceId })),
      { cellM: o.cellM, power: o.idwPower, searchRadiusM: o.searchRadiusM, anisotropy: o.anisotropy },
    );
  if (!field) return { plume: base, peak: null, field: null, frame: null };
  const polygons = contourPolygons(
    field,
    bands.map((b) => b.thresholdPpm),
    frame,
  );
  const zones: PlumeZone[] = [];
  bands.forEach((b, i) => {
    const polygon = polygons[i]!;
    if (polygon.length === 0) return;
    zones.push({ band: b.band, level: b.level, thresholdPpm: b.thresholdPpm, basis: b.basis, polygon, areaKm2: round6(area(multiPolygon(polygon)) / 1e6) });
  });
  zones.reverse(); // highest band first
  const outer = zones[zones.length - 1];
  const centroid = outer ? weightedCentre(field, frame, outer.thresholdPpm) : null;
  return { plume: { ...base, zones, extentAreaKm2: outer?.areaKm2 ?? 0, centroid }, peak: peakOf(field, frame), field, frame };
}

function weightedCentre(f: GridField, frame: LocalMetricFrame, threshold: number): LatLon | null {
  let w = 0;
  let sx = 0;
  let sy = 0;
  for (let j = 0; j < f.ny; j++) {
    for (let i = 0; i < f.nx; i++) {
      const v = f.values[i + j * f.nx]!;
      if (v < threshold) continue;
      w += v;
      sx += v * (f.x0 + (i + 0.5) * f.cellM);
      sy += v * (f.y0 + (j + 0.5) * f.cellM);
    }
  }
  return w > 0 ? { lat: round6(frame.lat(sy / w)), lon: round6(frame.lon(sx / w)) } : null;
}

function peakOf(f: GridField, frame: LocalMetricFrame): LatLon | null {
  let best = -1;
  let at = -1;
  for (let k = 0; k < f.values.length; k++) {
    if (f.values[k]! > best) {
      best = f.values[k]!;
      at = k;
    }
  }
  if (at < 0 || best <= 0) return null;
  const i = at % f.nx;
  const j = Math.floor(at / f.nx);
  return { lat: round6(frame.lat(f.y0 + (j + 0.5) * f.cellM)), lon: round6(frame.lon(f.x0 + (i + 0.5) * f.cellM)) };
}
