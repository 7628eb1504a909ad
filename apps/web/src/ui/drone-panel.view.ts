import { ChartHost } from '../charts/chart-host';
import { PALETTE, THERMAL_RAMP } from '../charts/theme';
import { buildThermalFrameOption } from '../charts/thermal-frame.option';
import { decodeThermalFrame, type ThermalGrid } from '../domain/thermal-frame';
import { formatTimeOfDay, formatValue } from '../format/format';
import { t } from '../i18n/i18n';
import { typed } from '../live/typed-reading';
import type { FleetStore } from '../state/fleet-store';
import { h, setAttr, setText, subPanel } from './dom';
import { KpiStrip } from './kpi-strip.view';
import { LiveChartView } from './live-chart.view';

/** Drone: newest thermal frame with its hotspot, altitude / speed / battery / hotspot trends. */
export class DronePanelView {
  readonly root: HTMLElement;
  readonly trends: LiveChartView;
  private readonly kpis = new KpiStrip((r) => r.key !== 'position' && r.key !== 'time' && r.key !== 'altM');
  private readonly thermalHost: ChartHost;
  private readonly thermalCanvas: HTMLElement;
  private readonly frameInfo: HTMLElement;
  private frameKey = '';
  private grid: ThermalGrid | null = null;

  constructor(private readonly store: FleetStore) {
    const thermal = subPanel('thermal', t('panel.thermal'), 'thermal-panel');
    this.frameInfo = h('span', { class: 'sub-info', testid: 'thermal-info' });
    thermal.head.append(this.frameInfo);
    this.thermalCanvas = h('div', { class: 'chart thermal-canvas', testid: 'thermal-frame', attrs: { 'data-frame-time': '' } });
    thermal.body.append(this.thermalCanvas);
    this.thermalHost = new ChartHost(this.thermalCanvas);
    this.trends = new LiveChartView(store, 'panel.trends');
    this.root = h('div', { class: 'device-panel-body drone-panel', testid: 'drone-panel' }, this.kpis.root, h('div', { class: 'drone-grid' }, thermal.root, this.trends.root));
  }

  render(deviceId: string, now: number): void {
    const device = this.store.device(deviceId);
    if (!device) return;
    const thermal = device.latest['drone/thermal'];
    const th = thermal ? typed(thermal) : null;
    const hotspot = th && th.stream === 'drone/thermal' ? th.data.hotspot : null;
    this.kpis.render(device, now, hotspot ? [{ key: 'hotspot', label: t('metric.hotspotTempC'), value: formatValue(hotspot.tempC), unit: '°C', tone: hotspot.tempC >= 100 ? 'warn' : 'normal' }] : []);

    const key = thermal ? `${deviceId}|${thermal.time}` : `${deviceId}|none`;
    if (key !== this.frameKey) {
      this.frameKey = key;
      const frame = th && th.stream === 'drone/thermal' ? th.data.frame : undefined;
      this.grid = frame ? decodeThermalFrame(frame) : null;
      setAttr(this.thermalCanvas, 'data-frame-time', thermal ? String(thermal.time) : '');
      setText(this.frameInfo, this.grid && thermal ? t('thermal.frameInfo', { w: this.grid.w, h: this.grid.h, time: formatTimeOfDay(thermal.time) }) : '');
      this.thermalHost.setOption(
        buildThermalFrameOption(
          { grid: this.grid, hotspot: hotspot ? { x: hotspot.x, y: hotspot.y, tempC: hotspot.tempC } : null },
          {
            ramp: THERMAL_RAMP, textColor: PALETTE.text, mutedColor: PALETTE.textMuted, hotspotColor: '#39f5ff', emptyText: t('thermal.noFrame'),
            hotspotLabel: t('thermal.hotspot'), formatTemp: (c) => `${formatValue(Math.round(c * 10) / 10)}°C`,
            widthPx: this.thermalCanvas.clientWidth || 480, heightPx: this.thermalCanvas.clientHeight || 300,
          },
        ),
        { notMerge: true },
      );
    }
    this.trends.render(deviceId, now);
  }

  dispose(): void {
    this.thermalHost.dispose();
    this.trends.dispose();
  }
}
