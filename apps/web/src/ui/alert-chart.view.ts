import type { Alert, AlertDetail, AlertRule, ObdReason } from '@tianyan/contracts';
import { ALERT_LEVEL_COLORS } from '../alerts/alert-colors';
import { alertSeriesSpec, alertSeriesWindow, type AlertSeriesSpec } from '../alerts/alert-series';
import { LEVEL_KEY } from '../alerts/alert-text';
import type { HttpClient } from '../api/http-client';
import { buildAlertSeriesOption, type AlertSeriesPoint } from '../charts/alert-series.option';
import { ChartHost } from '../charts/chart-host';
import { PALETTE } from '../charts/theme';
import { formatTimeOfDay, formatValue } from '../format/format';
import { reasonText } from '../format/obd-reasons';
import { gasName, getLocale, t, unitText } from '../i18n/i18n';
import { h, setAttr, setText, subPanel } from './dom';

/** The series of an active alert is re-read at most this often (it grows with every reading). */
const SERIES_REFRESH_MS = 15_000;

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * The readings behind an alert: its series from the API around the triggering readings, those
 * readings marked in their colour, the rule's colour limits. Alerts without a series show what the
 * rule saw instead: an OBD verdict's reasons, or the rule's facts.
 */
export class AlertChartView {
  readonly root: HTMLElement;
  private readonly info: HTMLElement;
  private readonly box: HTMLElement;
  private readonly canvas: HTMLElement;
  private readonly note: HTMLElement;
  private readonly host: ChartHost;
  private drawnFor = '';
  private drawnAt = 0;

  constructor(private readonly http: HttpClient) {
    const p = subPanel('alert-chart-panel', t('alert.readings'), 'alert-readings');
    this.info = h('span', { class: 'sub-info' });
    p.head.append(this.info);
    this.canvas = h('div', { class: 'chart', testid: 'alert-chart', attrs: { 'data-points': '0', 'data-readings': '0' } });
    this.note = h('div', { class: 'alert-chart-note', testid: 'alert-chart-note' });
    this.box = h('div', { class: 'alert-chart-box' }, this.canvas);
    p.body.append(this.box, this.note);
    this.root = p.root;
    this.host = new ChartHost(this.canvas);
  }

  /** Another alert: forget what was drawn. */
  reset(): void {
    this.drawnFor = '';
    setText(this.info, '');
    this.note.replaceChildren();
    setAttr(this.canvas, 'data-points', '0');
    setAttr(this.canvas, 'data-readings', '0');
  }

  async show(detail: AlertDetail, rule: AlertRule | null): Promise<void> {
    const a = detail.alert;
    const spec = alertSeriesSpec(a, rule, detail.readings);
    this.box.hidden = !spec;
    if (!spec || !a.deviceId) {
      this.showFacts(a);
      return;
    }
    const key = `${a.id}|${a.lastReadingAt}|${spec.stream}|${spec.field}|${rule?.updatedAt ?? ''}`;
    if (key === this.drawnFor || (this.drawnFor.startsWith(`${a.id}|`) && Date.now() - this.drawnAt < SERIES_REFRESH_MS)) return;
    this.drawnFor = key;
    this.drawnAt = Date.now();
    const window = alertSeriesWindow(a);
    setText(this.note, t('alert.seriesLoading'));
    this.note.hidden = false;
    let points: AlertSeriesPoint[] = [];
    try {
      const res = await this.http.series(a.deviceId, { stream: spec.stream, field: spec.field, from: new Date(window.from), to: new Date(window.to), bucket: 'auto' });
      points = res.points.map((p) => ({ t: p.t, v: p.value }));
      this.note.hidden = true;
    } catch (e) {
      setText(this.note, t('alert.seriesFailed', { error: message(e) }));
    }
    if (this.drawnFor === key) this.draw(detail, spec, points, window);
  }

  dispose(): void {
    this.host.dispose();
  }

  private draw(detail: AlertDetail, spec: AlertSeriesSpec, points: AlertSeriesPoint[], window: { from: number; to: number }): void {
    const a = detail.alert;
    const readings = detail.readings.filter((r) => r.stream === spec.stream).map((r) => ({ t: r.time, v: r.value, level: r.level }));
    const cas = spec.field.includes(':') ? spec.field.slice(spec.field.indexOf(':') + 1) : null;
    const name = cas ? gasName(getLocale(), cas) : spec.field;
    setText(this.info, `${name} · ${formatTimeOfDay(window.from).slice(0, 5)}–${formatTimeOfDay(window.to).slice(0, 5)}`);
    this.host.setOption(
      buildAlertSeriesOption(
        { points, readings, limits: spec.limits, from: window.from, to: window.to, span: { from: a.firstReadingAt, to: a.lastReadingAt }, level: a.level, direction: spec.direction, log: spec.log },
        {
          levelColors: ALERT_LEVEL_COLORS,
          levelLabels: { blue: t(LEVEL_KEY.blue), yellow: t(LEVEL_KEY.yellow), orange: t(LEVEL_KEY.orange), red: t(LEVEL_KEY.red) },
          lineColor: PALETTE.accent, textColor: PALETTE.text, mutedColor: PALETTE.textMuted, gridColor: PALETTE.grid,
          name, unit: spec.unit ? unitText(spec.unit) : '', emptyText: t('alert.seriesEmpty'),
          formatTime: (v) => formatTimeOfDay(v).slice(0, 5), formatValue,
        },
      ),
      { notMerge: true },
    );
    setAttr(this.canvas, 'data-points', String(points.filter((p) => p.v !== null).length));
    setAttr(this.canvas, 'data-readings', String(readings.length));
    setAttr(this.canvas, 'data-limits', String(spec.limits.length));
    setAttr(this.canvas, 'data-field', spec.field);
  }

  /** No series for this kind: the vehicle and its verdict's reasons (OBD), or the rule's facts. */
  private showFacts(a: Alert): void {
    setText(this.info, '');
    const facts = a.measure.facts;
    const reasons = Array.isArray(facts['reasons'])
      ? (facts['reasons'] as (ObdReason & { value?: number | null; limit?: number | null })[])
          .filter((r) => r && typeof r.kind === 'string')
          .map((r): ObdReason => ({ kind: r.kind, ...(typeof r.value === 'number' ? { value: r.value } : {}), ...(typeof r.limit === 'number' ? { limit: r.limit } : {}), ...(r.codes ? { codes: r.codes } : {}) }))
      : [];
    const obd = a.ruleKind === 'obd';
    const text = (v: unknown) => (typeof v === 'number' ? formatValue(v) : typeof v === 'string' ? v : JSON.stringify(v));
    const rows: [string, string][] = obd
      ? [
          ...(typeof facts['plate'] === 'string' ? [[t('metric.plate'), facts['plate']] as [string, string]] : []),
          ...(typeof facts['vin'] === 'string' ? [[t('metric.vin'), facts['vin']] as [string, string]] : []),
          ...reasons.map((r): [string, string] => [t(`obd.kind.${r.kind}`), reasonText(r, t)]),
        ]
      : Object.entries(facts).filter(([, v]) => v !== null && v !== undefined).map(([k, v]): [string, string] => [k, text(v)]);
    const head = h('p', { class: 'muted', text: obd ? t('alert.reasons') : t('alert.noSeries') });
    const table = rows.length > 0
      ? [h('table', { class: 'data-table facts-table', testid: obd ? 'alert-reasons' : 'alert-facts-table' }, h('tbody', {}, ...rows.map(([k, v]) => h('tr', {}, h('th', { text: k }), h('td', { text: v })))))]
      : [];
    this.note.hidden = false;
    this.note.replaceChildren(head, ...table);
    setAttr(this.canvas, 'data-points', '0');
  }
}
