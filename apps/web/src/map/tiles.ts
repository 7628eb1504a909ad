import { gcj02ToWgs84, wgs84ToGcj02 } from '../domain/gcj02';

/**
 * Optional XYZ raster tiles under the offline basemap. Configured, never required: without a
 * reachable server the map stays on its shipped GeoJSON. `crs: 'gcj02'` for Chinese services
 * (AutoNavi, Tencent), whose tiles are drawn in GCJ-02: their corners are converted back to WGS-84
 * so the tiles sit under WGS-84 positions.
 */
export interface TileSourceConfig {
  /** e.g. `https://tiles.example/{z}/{x}/{y}.png`; `{s}` picks from `subdomains`. */
  readonly url: string;
  readonly crs: 'wgs84' | 'gcj02';
  readonly subdomains?: readonly string[];
  readonly minZoom?: number;
  readonly maxZoom?: number;
  readonly opacity?: number;
}

export interface TileRef {
  readonly z: number;
  readonly x: number;
  readonly y: number;
  readonly url: string;
  /** WGS-84 corners: west, south, east, north (after datum conversion). */
  readonly bounds: readonly [number, number, number, number];
}

export function lonToTileX(lon: number, z: number): number {
  return ((lon + 180) / 360) * 2 ** z;
}

export function latToTileY(lat: number, z: number): number {
  const r = (lat * Math.PI) / 180;
  return ((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z;
}

export function tileXToLon(x: number, z: number): number {
  return (x / 2 ** z) * 360 - 180;
}

export function tileYToLat(y: number, z: number): number {
  const n = Math.PI - (2 * Math.PI * y) / 2 ** z;
  return (180 / Math.PI) * Math.atan(0.5 * (Math.exp(n) - Math.exp(-n)));
}

/** Zoom whose tiles are closest to `pxPerDegree` screen pixels per degree of longitude at 256 px tiles. */
export function zoomForScale(pxPerDegree: number, config: Pick<TileSourceConfig, 'minZoom' | 'maxZoom'>): number {
  const z = Math.round(Math.log2((pxPerDegree * 360) / 256));
  return Math.max(config.minZoom ?? 1, Math.min(config.maxZoom ?? 18, z));
}

export function tileUrl(config: TileSourceConfig, z: number, x: number, y: number): string {
  const subs = config.subdomains ?? [];
  const s = subs.length > 0 ? subs[(x + y) % subs.length]! : '';
  return config.url.replace('{z}', String(z)).replace('{x}', String(x)).replace('{y}', String(y)).replace('{s}', s);
}

/**
 * Tiles covering a WGS-84 view box at zoom z. For GCJ-02 sources the box is looked up in GCJ-02
 * tile space and each tile's corners converted back, so a tile lands where its content really is.
 */
export function tilesForView(config: TileSourceConfig, view: { west: number; south: number; east: number; north: number }, z: number, maxTiles = 64): TileRef[] {
  const toTileSpace = (lon: number, lat: number): [number, number] => (config.crs === 'gcj02' ? wgs84ToGcj02(lon, lat) : [lon, lat]);
  const [w, n] = toTileSpace(view.west, view.north);
  const [e, s] = toTileSpace(view.east, view.south);
  const x0 = Math.floor(lonToTileX(w, z));
  const x1 = Math.floor(lonToTileX(e, z));
  const y0 = Math.floor(latToTileY(n, z));
  const y1 = Math.floor(latToTileY(s, z));
  const out: TileRef[] = [];
  for (let x = x0; x <= x1; x++) {
    for (let y = y0; y <= y1; y++) {
      if (out.length >= maxTiles) return out;
      const west = tileXToLon(x, z);
      const east = tileXToLon(x + 1, z);
      const north = tileYToLat(y, z);
      const south = tileYToLat(y + 1, z);
      const [bw, bs] = config.crs === 'gcj02' ? gcj02ToWgs84(west, south) : [west, south];
      const [be, bn] = config.crs === 'gcj02' ? gcj02ToWgs84(east, north) : [east, north];
      out.push({ z, x, y, url: tileUrl(config, z, x, y), bounds: [bw, bs, be, bn] });
    }
  }
  return out;
}
