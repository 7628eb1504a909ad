import { ChartHost } from '../charts/chart-host';
import { buildLiveSeriesOption, countPoints, type LiveChartConfig, type LiveChartPanel } from '../charts/live-series.option';
import { PALETTE } from '../charts/theme';
import { formatTimeOfDay, formatValue } from '../format/format';
import { gasName, getLocale, t } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import type { FleetStore } from '../state/fleet-store';
import { casOfMetric, chartPanelsFor } from '../state/metrics';
import { h, panel, setAttr, setText } from './dom';

export const LIVE_WINDOW_MS = 10 * 60 * 1000;

/** Right column, top: the selected device's metrics over the last 10 minutes, history then live. */
export class LiveChartView {
  readonly root: HTMLElement;
  private readonly host: ChartHost;
  private readonly canvas: HTMLElement;
  private readonly deviceLabel: HTMLElement;
  private readonly hint: HTMLElement;
  private readonly loading: HTMLElement;
  private shownDevice: string | null = null;
  private readonly config: Omit<LiveChartConfig, 'heightPx'>;

  constructor(private readonly store: FleetStore) {
    const p = panel('live', t('panel.chart'), 'LIVE CHART');
    this.root = p.root;
    this.deviceLabel = h('span', { class: 'panel-device', testid: 'chart-device' });
    this.loading = h('span', { class: 'panel-loading', text: t('chart.loading') });
    this.loading.hidden = true;
    p.head.append(this.deviceLabel, this.loading, h('span', { class: 'panel-window', text: t('chart.window') }));
    this.canvas = h('div', { class: 'chart live-canvas', testid: 'live-chart', attrs: { 'data-points': '0' } });
    this.hint = h('div', { class: 'chart-hint', text: t('chart.selectHint') });
    p.body.append(this.canvas, this.hint);
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

  render(now: number): void {
    const id = this.store.selectedId;
    const device = id ? this.store.device(id) : undefined;
    this.hint.hidden = Boolean(device);
    setAttr(this.canvas, 'data-device-id', device?.id ?? '');
    setText(this.deviceLabel, device ? `${device.id} · ${t(`kind.${device.kind}` as MessageKey)}` : '');

    const panels: LiveChartPanel[] = device
      ? chartPanelsFor(device.kind, this.store.gasCasOf(device.id)).map((def) => ({
          id: def.id,
          title: t(def.titleKey),
          unit: def.unit,
          ...(def.min === undefined ? {} : { min: def.min }),
          ...(def.max === undefined ? {} : { max: def.max }),
          series: def.metricKeys.map((key) => {
            const cas = casOfMetric(key);
            const { points, late } = this.store.seriesOf(device.id, key);
            return { key, name: cas ? gasName(getLocale(), cas, device.gases.get(cas)) : t(def.titleKey), points, late };
          }),
        }))
      : [];
    const data = { panels, now };
    const structureChanged = this.shownDevice !== (device?.id ?? null);
    this.shownDevice = device?.id ?? null;
    const config = { ...this.config, heightPx: this.canvas.clientHeight || 400 };
    this.host.setOption(buildLiveSeriesOption(data, config), structureChanged ? { notMerge: true } : { replaceMerge: ['series', 'grid', 'xAxis', 'yAxis', 'title'] });
    setAttr(this.canvas, 'data-points', String(countPoints(data, LIVE_WINDOW_MS)));
  }

  dispose(): void {
    this.host.dispose();
  }
}
