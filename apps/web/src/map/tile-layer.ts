import { tilesForView, zoomForScale, type TileSourceConfig } from './tiles';

/**
 * Raster tiles drawn as <img>s under the map canvas, placed from the geo component's own
 * projection so devices and basemap stay aligned. Shown only after a probe tile loads: with no
 * reachable server the offline GeoJSON basemap is the whole map.
 */
export class TileLayer {
  readonly root: HTMLElement;
  private reachable = false;
  private readonly imgs = new Map<string, HTMLImageElement>();

  constructor(private readonly config: TileSourceConfig, probeAt: readonly [number, number], onReady: () => void) {
    this.root = document.createElement('div');
    this.root.className = 'tile-layer';
    this.root.dataset.testid = 'tile-layer';
    this.root.hidden = true;
    const [probe] = tilesForView(config, { west: probeAt[0], east: probeAt[0], south: probeAt[1], north: probeAt[1] }, Math.min(config.maxZoom ?? 14, 14));
    if (!probe) return;
    const img = new Image();
    img.onload = () => {
      this.reachable = true;
      this.root.hidden = false;
      onReady();
    };
    img.src = probe.url;
  }

  /** Re-places tiles for the current view; `toPixel` is the map's lon/lat → px projection. */
  update(width: number, height: number, toPixel: (c: readonly [number, number]) => [number, number] | null, toGeo: (p: readonly [number, number]) => [number, number] | null): void {
    if (!this.reachable) return;
    const nw = toGeo([0, 0]);
    const se = toGeo([width, height]);
    if (!nw || !se) return;
    const pxPerDegree = width / Math.max(1e-9, se[0] - nw[0]);
    const z = zoomForScale(pxPerDegree, this.config);
    const tiles = tilesForView(this.config, { west: nw[0], east: se[0], north: nw[1], south: se[1] }, z, 120);
    const keep = new Set<string>();
    for (const tile of tiles) {
      const a = toPixel([tile.bounds[0], tile.bounds[3]]);
      const b = toPixel([tile.bounds[2], tile.bounds[1]]);
      if (!a || !b) continue;
      const key = `${tile.z}/${tile.x}/${tile.y}`;
      keep.add(key);
      let img = this.imgs.get(key);
      if (!img) {
        img = new Image();
        img.src = tile.url;
        img.alt = '';
        img.draggable = false;
        this.imgs.set(key, img);
        this.root.append(img);
      }
      img.style.cssText = `left:${a[0]}px;top:${a[1]}px;width:${b[0] - a[0]}px;height:${b[1] - a[1]}px;opacity:${this.config.opacity ?? 0.55}`;
    }
    for (const [key, img] of this.imgs) {
      if (!keep.has(key)) {
        img.remove();
        this.imgs.delete(key);
      }
    }
  }
}

/** `?tiles=<xyz url>&tileCrs=gcj02|wgs84&tileSubdomains=1,2,3`: no parameter, no tiles. */
export function tileConfigFromUrl(search: string): TileSourceConfig | null {
  const q = new URLSearchParams(search);
  const url = q.get('tiles');
  if (!url || !/^https?:\/\//.test(url)) return null;
  const subdomains = q.get('tileSubdomains')?.split(',').filter(Boolean);
  return { url, crs: q.get('tileCrs') === 'gcj02' ? 'gcj02' : 'wgs84', ...(subdomains ? { subdomains } : {}), maxZoom: 18 };
}
