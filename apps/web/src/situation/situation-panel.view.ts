import type { PlumeEstimate } from '@tianyan/contracts';
import { ALERT_LEVEL_COLORS } from '../alerts/alert-colors';
import { formatTimeOfDay, formatValue } from '../format/format';
import { getLocale, gasName, t } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { h, setAttr, setText } from '../ui/dom';
import type { SituationController } from './situation-controller';
import type { SituationApi } from './situation-api';
import { receptorImport } from './receptor-import.view';
import { compassPoint, formatGrowth, situationPanelModel, type PlumeRow, type SituationPanelIncident } from './situation-panel-model';

export interface SituationPanelContext {
  situation: SituationController;
  api: Pick<SituationApi, 'importReceptors'>;
  /** Commander and admin may import receptors. */
  canImport(): boolean;
}

/**
 * The compact "Situation" box over the map: per incident and compound the peak, plume area, drift,
 * growth and receptors inside each band; receptors downwind; the thermal extent. Redrawn only when
 * what it shows changed.
 */
export class SituationPanelView {
  readonly root: HTMLElement;
  private readonly list: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly count: HTMLElement;
  private readonly importButton: HTMLButtonElement;
  private readonly pane: HTMLElement;
  private readonly toggle: HTMLButtonElement;
  private signature = '';

  constructor(private readonly ctx: SituationPanelContext) {
    this.count = h('span', { class: 'sit-count' });
    this.importButton = h('button', { class: 'btn sit-import', testid: 'receptor-import-button', text: t('sit.importReceptors'), attrs: { type: 'button', 'data-min-role': 'commander' } });
    this.toggle = h('button', { class: 'sit-toggle', testid: 'situation-toggle', attrs: { type: 'button', 'aria-expanded': 'true', title: t('sit.collapse') } }, '▾');
    this.list = h('div', { class: 'sit-list' });
    this.empty = h('p', { class: 'sit-empty', text: t('sit.empty') });
    this.pane = h('div', { class: 'sit-pane' });
    this.pane.hidden = true;
    const head = h('div', { class: 'sit-head' }, h('h3', { class: 'sit-title', text: t('sit.title') }), this.count, this.importButton, this.toggle);
    this.root = h('section', { class: 'situation-panel', testid: 'situation-panel', attrs: { 'data-incidents': '0' } }, head, this.pane, this.list, this.empty);
    this.importButton.addEventListener('click', () => (this.pane.hidden ? this.openImport() : this.closeImport()));
    this.toggle.addEventListener('click', () => {
      const collapsed = this.root.classList.toggle('collapsed');
      setAttr(this.toggle, 'aria-expanded', String(!collapsed));
      setText(this.toggle, collapsed ? '▸' : '▾');
    });
  }

  render(): void {
    this.importButton.hidden = !this.ctx.canImport();
    const model = situationPanelModel(this.ctx.situation.store.visible(), this.ctx.situation.incidents);
    const signature = `${getLocale()}|${JSON.stringify(model)}`;
    if (signature === this.signature) return;
    this.signature = signature;
    setAttr(this.root, 'data-incidents', String(model.length));
    setAttr(this.root, 'data-plumes', String(model.reduce((n, m) => n + m.plumes.length, 0)));
    setText(this.count, model.length > 0 ? String(model.length) : '');
    this.empty.hidden = model.length > 0;
    this.list.replaceChildren(...model.map((m) => this.incident(m)));
  }

  private openImport(): void {
    this.pane.replaceChildren(
      receptorImport({
        send: (request) => this.ctx.api.importReceptors(request),
        imported: () => void this.ctx.situation.loadReceptors(),
        close: () => this.closeImport(),
      }),
    );
    this.pane.hidden = false;
  }

  private closeImport(): void {
    this.pane.hidden = true;
    this.pane.replaceChildren();
  }

  private incident(m: SituationPanelIncident): HTMLElement {
    const head = h('div', { class: 'sit-incident-head' },
      h('span', { class: 'sit-code', text: m.label, attrs: m.title ? { title: m.title } : {} }),
      ...(m.drill ? [h('span', { class: 'drill-tag', testid: 'situation-drill', text: t('incident.drill') })] : []),
      h('span', { class: 'sit-at', text: formatTimeOfDay(m.at) }),
      h('span', { class: 'sit-receptors', testid: 'situation-receptor-counts', attrs: { 'data-inside': String(m.insideTotal), 'data-downwind': String(m.downwind) } },
        h('span', { class: m.insideTotal > 0 ? 'sit-inside-total hot' : 'sit-inside-total', text: t('sit.insideTotal', { n: m.insideTotal }) }),
        h('span', { class: m.downwind > 0 ? 'sit-downwind hot' : 'sit-downwind', text: t('sit.downwind', { n: m.downwind }) })));
    const rows = m.plumes.map((p) => this.plumeRow(p));
    const table = rows.length === 0
      ? h('p', { class: 'sit-none', text: t('sit.noPlume') })
      : h('table', { class: 'data-table sit-table' },
          h('thead', {}, h('tr', {}, ...(['sit.compound', 'sit.maxPpm', 'sit.area', 'sit.drift', 'sit.growth', 'sit.inside'] as const).map((k) => h('th', { text: t(k) })))),
          h('tbody', {}, ...rows));
    const thermal = m.thermal
      ? h('p', { class: 'sit-thermal', testid: 'situation-thermal', attrs: { 'data-area-m2': String(Math.round(m.thermal.areaM2)) } },
          t('sit.thermal', { area: formatValue(Math.round(m.thermal.areaM2)), temp: formatValue(m.thermal.hottestC), growth: formatGrowth(m.thermal.growthPctPerMin) }))
      : null;
    return h('div', { class: `sit-incident${m.drill ? ' drill' : ''}`, testid: 'situation-incident', attrs: { 'data-incident-id': m.incidentId, 'data-drill': String(m.drill) } }, head, table, ...(thermal ? [thermal] : []));
  }

  private plumeRow(p: PlumeRow): HTMLElement {
    const color = p.topLevel ? ALERT_LEVEL_COLORS[p.topLevel] : 'transparent';
    const drift = p.drift
      ? h('span', { class: 'sit-drift', testid: 'situation-drift', attrs: { title: `${t(`sit.dir.${compassPoint(p.drift.towardDeg)}` as MessageKey)} ${Math.round(p.drift.towardDeg)}° · ${p.drift.speedMs.toFixed(1)} m/s`, 'data-toward-deg': String(p.drift.towardDeg) } },
          h('span', { class: 'sit-arrow', text: '↑', attrs: { style: `transform:rotate(${Math.round(p.drift.towardDeg)}deg)` } }),
          p.drift.speedMs.toFixed(1))
      : '—';
    const inside = p.inside.length === 0
      ? '0'
      : h('span', { class: 'sit-bands' }, ...p.inside.map((b) => h('span', { class: 'sit-band', text: String(b.count), attrs: { style: `background:${ALERT_LEVEL_COLORS[b.level]}`, title: t(`sit.band.${b.band}` as MessageKey), 'data-band': b.band } })));
    return h('tr', { class: 'sit-row', testid: 'situation-plume', attrs: { 'data-cas': p.cas, 'data-area-km2': String(p.extentAreaKm2) } },
      h('td', { class: 'sit-compound' }, h('span', { class: 'sit-swatch', attrs: { style: `background:${color}` } }), estimateBadge(p.estimate), gasName(getLocale(), p.cas, p.compound)),
      h('td', { class: 'num', text: formatValue(p.maxPpm) }),
      h('td', { class: 'num', text: formatValue(p.extentAreaKm2) }),
      h('td', {}, drift),
      h('td', { class: 'num', text: formatGrowth(p.growthPctPerMin) }),
      h('td', {}, inside));
  }
}

/**
 * Which estimate drew the plume, as a one-letter tag before the name (the panel has no room for a
 * column; the tooltip says it in full): a commander weighs a fitted model differently from
 * interpolated readings.
 */
function estimateBadge(e: PlumeEstimate | null): HTMLElement | string {
  if (!e) return '';
  if (e.method === 'idw') return h('span', { class: 'sit-estimate', testid: 'situation-estimate', text: t('sit.estimate.idw'), attrs: { title: t('sit.estimate.idwHint'), 'data-method': e.method } });
  return h('span', {
    class: 'sit-estimate',
    testid: 'situation-estimate',
    text: t('sit.estimate.fit'),
    attrs: { title: t('sit.estimate.fitHint', { r2: e.r2.toFixed(2), points: String(e.points), toward: String(Math.round(e.towardDeg)) }), 'data-method': e.method, 'data-r2': String(e.r2) },
  });
}
