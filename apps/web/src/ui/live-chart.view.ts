import { ChartHost } from '../charts/chart-host';
import { buildLiveSeriesOption, countPoints, type LiveChartConfig, type LiveChartPanel } from '../charts/live-series.option';
import { PALETTE } from '../charts/theme';
import { formatTimeOfDay, formatValue } from '../format/format';
import { gasName, getLocale, t, unitText } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { countFrom, decimate } from '../live/decimate';
import { maxGapMs } from '../live/series-gaps';
import type { FleetStore } from '../state/fleet-store';
import type { SeriesSample } from '../live/series-buffer';
import { casOfMetric, chartPanelsFor } from '../state/metrics';
import { h, setAttr, subPanel } from './dom';

export const LIVE_WINDOW_MS = 10 * 60 * 1000;
/** The window the browser test checks for holes after a reconnect. */
const GAP_CHECK_MS = 120_000;

/**
 * A device's metrics over the last 10 minutes, history then live, one grid per metric.
 * `data-points` and `data-max-gap-ms` (first metric, last 2 minutes) let tests see the data.
 */
export class LiveChartView {
  readonly root: HTMLElement;
  private readonly host: ChartHost;
  private readonly canvas: HTMLElement;
  private readonly loading: HTMLElement;
  /** Device, panels, legend and size of the drawn chart: while unchanged, redraws merge (cheap). */
  private structure = '';
  private readonly config: Omit<LiveChartConfig, 'heightPx'>;

  constructor(private readonly store: FleetStore, titleKey: MessageKey = 'panel.trends') {
    const p = subPanel('trends', t(titleKey));
    this.root = p.root;
    this.loading = h('span', { class: 'panel-loading', text: t('chart.loading') });
    this.loading.hidden = true;
    p.head.append(this.loading, h('span', { class: 'panel-window', text: t('chart.window') }));
    this.canvas = h('div', { class: 'chart live-canvas', testid: 'live-chart', attrs: { 'data-points': '0' } });
    p.body.append(this.canvas);
    this.host = new ChartHost(this.canvas);
    this.config = {
      windowMs: LIVE_WINDOW_MS,
      gapMs: 30_000,
      palette: PALETTE.series,
      lateColor: PALETTE.late,
      lateLabel: t('chart.late'),
      emptyText: t('chart.noData'),
      textColor: PALETTE.text,
      mutedColor: PALETTE.textMuted,
      formatTime: (v) => formatTimeOfDay(v).slice(0, 5),
      formatValue,
    };
  }

  setLoading(loading: boolean): void {
    this.loading.hidden = !loading;
  }

  render(deviceId: string, now: number): void {
    const device = this.store.device(deviceId);
    setAttr(this.canvas, 'data-device-id', device?.id ?? '');
    // About one bucket per pixel: what a chart can show, whatever the feed rate.
    const buckets = Math.max(100, Math.round(this.canvas.clientWidth || 600));
    const held: SeriesSample[][] = [];
    const panels: LiveChartPanel[] = device
      ? chartPanelsFor(device.kind, this.store.gasCasOf(device.id)).map((def) => ({
          id: def.id,
          title: t(def.titleKey),
          unit: unitText(def.unit),
          ...(def.min === undefined ? {} : { min: def.min }),
          ...(def.max === undefined ? {} : { max: def.max }),
          series: def.metricKeys.map((key) => {
            const cas = casOfMetric(key);
            const { points, late } = this.store.seriesOf(device.id, key);
            held.push(points);
            return { key, name: cas ? gasName(getLocale(), cas, device.gases.get(cas)) : t(def.titleKey), points: decimate(points, now - LIVE_WINDOW_MS, now, buckets), late };
          }),
        }))
      : [];
    const data = { panels, now };
    const config = { ...this.config, heightPx: this.canvas.clientHeight || 400 };
    const option = buildLiveSeriesOption(data, config);
    const legend = (option.legend as { data?: unknown[] } | undefined)?.data?.length ?? 0;
    const structure = `${device?.id ?? ''}|${panels.map((p) => `${p.id}:${p.series.length}`).join(',')}|${legend}|${config.heightPx}`;
    this.host.setOption(option, structure !== this.structure ? { notMerge: true } : {});
    this.structure = structure;
    const from = now - LIVE_WINDOW_MS;
    setAttr(this.canvas, 'data-points', String(held.reduce((n, pts) => n + countFrom(pts, from), 0) + countPoints({ now, panels: panels.map((p) => ({ ...p, series: p.series.map((x) => ({ ...x, points: [] })) })) }, LIVE_WINDOW_MS)));
    const first = held[0] ?? [];
    setAttr(this.canvas, 'data-max-gap-ms', String(maxGapMs(first, now - GAP_CHECK_MS, now)));
    setAttr(this.canvas, 'data-oldest', String(first[0]?.t ?? ''));
  }

  dispose(): void {
    this.host.dispose();
  }
}

