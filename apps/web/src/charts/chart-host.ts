import { ECHARTS_THEME, THEME_NAME } from './theme';
import { init, registerTheme, type ECharts, type EChartsOption, type SetOptionOpts } from './echarts-registry';

let themeRegistered = false;

function ensureTheme(): void {
  if (themeRegistered) return;
  registerTheme(THEME_NAME, ECHARTS_THEME);
  themeRegistered = true;
}

type ChartEventHandler = (params: unknown) => void;

/**
 * Owns one ECharts instance: init with the theme, resize with its element, dispose. Panels give
 * it finished options (from the pure builders) and never touch ECharts themselves.
 *
 * ECharts is initialised only once the element is laid out with a size: a chart created on a
 * detached or hidden element has a 0×0 view, which breaks coordinate systems such as `geo`.
 * Options set before then are kept (the newest wins) and applied at init.
 */
export class ChartHost {
  private chart: ECharts | null = null;
  private disposed = false;
  private pending: EChartsOption | null = null;
  private readonly handlers: [string, ChartEventHandler][] = [];
  private readonly resizeObserver: ResizeObserver;
  private resizeFrame = 0;

  constructor(private readonly element: HTMLElement) {
    ensureTheme();
    this.resizeObserver = new ResizeObserver(() => this.scheduleResize());
    this.resizeObserver.observe(element);
  }

  setOption(option: EChartsOption, opts?: SetOptionOpts): void {
    if (this.disposed) return;
    if (!this.chart && !this.tryInit()) {
      this.pending = option;
      return;
    }
    this.chart?.setOption(option, opts);
  }

  on(eventName: string, handler: ChartEventHandler): void {
    this.handlers.push([eventName, handler]);
    this.chart?.on(eventName, handler);
  }

  /** Current state of components after user interaction (e.g. the map's roam centre and zoom). */
  getOption(): EChartsOption | undefined {
    return this.chart?.getOption() as EChartsOption | undefined;
  }

  /** Pixel position of a coordinate in the first geo component, or null before init. */
  geoToPixel(coord: readonly [number, number]): [number, number] | null {
    const p = this.chart?.convertToPixel({ geoIndex: 0 }, [coord[0], coord[1]]) as number[] | undefined;
    return p && Number.isFinite(p[0]) && Number.isFinite(p[1]) ? [p[0]!, p[1]!] : null;
  }

  /** Coordinate of a pixel in the first geo component, or null before init. */
  pixelToGeo(px: readonly [number, number]): [number, number] | null {
    const c = this.chart?.convertFromPixel({ geoIndex: 0 }, [px[0], px[1]]) as number[] | undefined;
    return c && Number.isFinite(c[0]) && Number.isFinite(c[1]) ? [c[0]!, c[1]!] : null;
  }

  dispose(): void {
    this.disposed = true;
    cancelAnimationFrame(this.resizeFrame);
    this.resizeObserver.disconnect();
    this.chart?.dispose();
    this.chart = null;
  }

  private hasSize(): boolean {
    return this.element.isConnected && this.element.clientWidth > 0 && this.element.clientHeight > 0;
  }

  private tryInit(): boolean {
    if (this.chart) return true;
    if (!this.hasSize()) return false;
    this.chart = init(this.element, THEME_NAME, { renderer: 'canvas' });
    for (const [event, handler] of this.handlers) this.chart.on(event, handler);
    if (this.pending) {
      this.chart.setOption(this.pending, { notMerge: true });
      this.pending = null;
    }
    return true;
  }

  private scheduleResize(): void {
    cancelAnimationFrame(this.resizeFrame);
    this.resizeFrame = requestAnimationFrame(() => {
      if (this.disposed || !this.hasSize()) return;
      if (this.chart) this.chart.resize();
      else this.tryInit();
    });
  }
}
