import { ChartHost } from '../charts/chart-host';
import { EnforcementSummaryView, type EnforcementContext } from '../enforcement/enforcement-summary.view';
import { buildDistributionOption, type DistributionData } from '../charts/obd-distribution.option';
import { PALETTE } from '../charts/theme';
import { histogram } from '../domain/histogram';
import { OBD_FAILURE_KINDS, OBD_LIMITS, meanOpacityK } from '@tianyan/contracts';
import { formatTimeOfDay, formatValue } from '../format/format';
import { reasonText } from '../format/obd-reasons';
import { getLocale, t, unitText } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import type { FleetStore, InspectionRecord } from '../state/fleet-store';
import { summariseInspections } from '../state/obd-stats';
import { h, setAttr, setText, subPanel } from './dom';
import { KpiStrip } from './kpi-strip.view';

const FEED_ROWS = 40;

/**
 * OBD station: the running problem-vehicle rate by failure kind, the inspection feed with the
 * screen's verdict, and opacity / NOx / urea distributions with the GB 3847-2018 limits.
 */
export class ObdPanelView {
  readonly root: HTMLElement;
  private readonly kpis = new KpiStrip((r) => r.key === 'state' || r.key === 'battery' || r.key === 'time');
  private readonly rate: HTMLElement;
  private readonly rateText: HTMLElement;
  private readonly rateSub: HTMLElement;
  private readonly kinds: HTMLElement;
  private readonly feed: HTMLElement;
  private readonly feedEmpty: HTMLElement;
  private readonly note: HTMLElement;
  private readonly dists: { key: 'opacity' | 'nox' | 'urea'; host: ChartHost; el: HTMLElement }[];
  private signature = '';
  /** The rate box shows this station, or the enforcement statistics of the incident / today. */
  private readonly enforcement: EnforcementSummaryView | null;
  private tab: 'station' | 'enforcement' = 'station';

  constructor(private readonly store: FleetStore, enforcement: EnforcementContext | null = null) {
    const rate = subPanel('obd-rate', t('panel.obdRate'), 'obd-rate-panel');
    this.rateText = h('div', { class: 'rate-big', testid: 'obd-rate-text' });
    this.rateSub = h('div', { class: 'rate-sub' });
    this.kinds = h('ul', { class: 'rate-kinds' });
    this.rate = h('div', { class: 'rate', testid: 'obd-rate' }, this.rateText, this.rateSub);
    rate.body.append(this.rate, this.kinds);
    this.enforcement = enforcement ? new EnforcementSummaryView(enforcement) : null;
    if (this.enforcement) {
      const view = this.enforcement;
      view.root.hidden = true;
      rate.body.append(view.root);
      const tabs = (['station', 'enforcement'] as const).map((tab) =>
        h('button', { class: 'obd-tab', testid: `obd-tab-${tab}`, text: t(tab === 'station' ? 'enf.tabStation' : 'enf.tab'), attrs: { type: 'button', 'aria-pressed': String(tab === this.tab) } }));
      tabs.forEach((button, i) =>
        button.addEventListener('click', () => {
          this.tab = i === 0 ? 'station' : 'enforcement';
          tabs.forEach((b, j) => setAttr(b, 'aria-pressed', String(i === j)));
          this.rate.hidden = this.kinds.hidden = this.tab !== 'station';
          view.root.hidden = this.tab !== 'enforcement';
          if (this.tab === 'enforcement') view.show(this.shown);
        }));
      rate.head.append(h('span', { class: 'obd-tabs' }, ...tabs));
    }

    const feed = subPanel('inspections', t('panel.inspections'), 'inspection-feed');
    this.note = h('span', { class: 'sub-info', text: t('obd.historyNote') });
    feed.head.append(this.note);
    this.feed = h('tbody');
    this.feedEmpty = h('div', { class: 'empty', text: t('obd.noInspections') });
    feed.body.append(
      h('div', { class: 'table-scroll' },
        h('table', { class: 'data-table feed' },
          h('thead', {}, h('tr', {}, ...(['insp.time', 'insp.plate', 'insp.verdict', 'insp.reasons'] as const).map((k) => h('th', { text: t(k) })))),
          this.feed)),
      this.feedEmpty,
    );

    const dist = subPanel('dists', t('panel.distributions'), 'obd-distributions');
    this.dists = (['opacity', 'nox', 'urea'] as const).map((key) => {
      const el = h('div', { class: 'chart dist-canvas', testid: `dist-${key}`, attrs: { 'data-count': '0' } });
      dist.body.append(el);
      return { key, el, host: new ChartHost(el) };
    });

    this.root = h('div', { class: 'device-panel-body obd-panel', testid: 'obd-panel' }, this.kpis.root, h('div', { class: 'obd-grid' }, rate.root, feed.root, dist.root));
  }

  private shown: string | null = null;

  render(deviceId: string, now: number): void {
    const device = this.store.device(deviceId);
    if (!device) return;
    this.shown = deviceId;
    if (this.tab === 'enforcement') this.enforcement?.show(deviceId);
    this.kpis.render(device, now);
    const records = this.store.inspectionsOf(deviceId);
    const signature = `${getLocale()}|${deviceId}|${records.length}|${records[0]?.t ?? ''}|${records[0]?.source ?? ''}`;
    if (signature === this.signature) return;
    this.signature = signature;

    const summary = summariseInspections(records.map((r) => r.judgement));
    setText(this.rateText, t('obd.rate', { failed: summary.failed, total: summary.total }));
    setText(this.rateSub, `${t('obd.passed', { n: summary.passed })} · ${t('obd.retest', { n: summary.retest })} · ${summary.total === 0 ? '—' : `${Math.round(summary.failedShare * 100)}%`}`);
    setAttr(this.rate, 'data-failed', String(summary.failed));
    setAttr(this.rate, 'data-total', String(summary.total));
    const maxKind = Math.max(1, ...OBD_FAILURE_KINDS.map((k) => summary.byKind[k]));
    this.kinds.replaceChildren(
      ...OBD_FAILURE_KINDS.map((k) =>
        h('li', { class: `rate-kind kind-${k}`, attrs: { 'data-kind': k, 'data-count': String(summary.byKind[k]) } },
          h('span', { class: 'rk-label', text: t(`obd.kind.${k}` as MessageKey) }),
          h('span', { class: 'rk-bar' }, Object.assign(h('span', { class: 'rk-fill' }), { style: `width:${(100 * summary.byKind[k]) / maxKind}%` })),
          h('span', { class: 'rk-count', text: String(summary.byKind[k]) })),
      ),
    );

    this.feedEmpty.hidden = records.length > 0;
    this.note.hidden = !records.some((r) => r.source === 'series');
    this.feed.replaceChildren(...records.slice(0, FEED_ROWS).map((r) => this.feedRow(r)));

    const opacity = records.map((r) => meanOpacityK(r.facts)).filter((v): v is number => v !== null);
    const nox = records.map((r) => r.facts.noxPpm).filter((v): v is number => typeof v === 'number');
    const urea = records.map((r) => r.facts.ureaPct).filter((v): v is number => typeof v === 'number');
    const lim = (key: 'a' | 'b', v: number, binding: boolean) => ({ value: v, label: t(key === 'a' ? 'limit.a' : 'limit.b', { v: formatValue(v) }), color: binding ? PALETTE.danger : PALETTE.warn, binding });
    const data: Record<'opacity' | 'nox' | 'urea', DistributionData> = {
      opacity: { title: t('dist.opacity'), unit: unitText('m⁻¹'), count: opacity.length, bins: histogram(opacity, { min: 0, width: 0.1, count: 25 }), limits: [lim('b', OBD_LIMITS.opacityK.b, true), lim('a', OBD_LIMITS.opacityK.a, false)] },
      nox: { title: t('dist.nox'), unit: unitText('ppm'), count: nox.length, bins: histogram(nox, { min: 0, width: 100, count: 22 }), limits: [lim('b', OBD_LIMITS.noxPpm.b, true), lim('a', OBD_LIMITS.noxPpm.a, false)] },
      urea: { title: t('dist.urea'), unit: unitText('%'), count: urea.length, bins: histogram(urea, { min: 0, width: 2, count: 20 }), limits: [], band: { from: OBD_LIMITS.urea.min, to: OBD_LIMITS.urea.max, label: t('urea.band') } },
    };
    for (const d of this.dists) {
      setAttr(d.el, 'data-count', String(data[d.key].count));
      d.host.setOption(
        buildDistributionOption(data[d.key], {
          barColor: PALETTE.accentAlt, failColor: PALETTE.danger, bandColor: 'rgba(39, 211, 195, 0.12)', textColor: PALETTE.text, mutedColor: PALETTE.textMuted,
          countLabel: (n) => t('dist.count', { n }), formatValue,
        }),
        { notMerge: true },
      );
    }
  }

  private feedRow(r: InspectionRecord): HTMLElement {
    const reasons = r.judgement.reasons.map((x) => reasonText(x, t)).join('；');
    return h(
      'tr',
      { class: `insp-row verdict-${r.judgement.verdict}${r.late ? ' late' : ''}`, testid: 'inspection-row', attrs: { 'data-verdict': r.judgement.verdict, 'data-source': r.source } },
      h('td', { class: 'num', text: formatTimeOfDay(r.t) }),
      h('td', { class: 'plate', text: r.plate ?? t('insp.measuredOnly') }),
      h('td', {}, h('span', { class: `verdict-chip ${r.judgement.verdict}`, text: t(`verdict.${r.judgement.verdict}` as MessageKey) })),
      h('td', { class: 'reasons', text: reasons, attrs: { title: reasons } }),
    );
  }

  dispose(): void {
    for (const d of this.dists) d.host.dispose();
  }
}
