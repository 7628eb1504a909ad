import { t } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { h, setAttr, setText } from '../ui/dom';
import type { EnforcementApi, EnforcementScope } from './enforcement-api';
import { enforcementPanelModel, type EnforcementPanelModel } from './enforcement-summary-model';

export interface EnforcementContext {
  api: Pick<EnforcementApi, 'summary' | 'repeatOffenders' | 'failedVehiclesCsv'>;
  /** The incident replayed, or today while live; `label` names it on the box. */
  scope(): EnforcementScope & { label: string };
}

/** Statistics are re-read at most this often while shown (inspections come one truck at a time). */
const REFRESH_MS = 60_000;

/**
 * Enforcement statistics of the incident or of today over every station: vehicles inspected and
 * failed, problem-vehicle rate, top failure kinds, repeat offenders, this station's share, and the
 * failed-vehicle CSV for the enforcement team.
 */
export class EnforcementSummaryView {
  readonly root: HTMLElement;
  private readonly scopeLabel: HTMLElement;
  private readonly stats: HTMLElement;
  private readonly kinds: HTMLElement;
  private readonly status: HTMLElement;
  private readonly csv: HTMLButtonElement;
  private currentStation: string | null = null;
  private loadedKey = '';
  private loadedAt = -Infinity;
  private seq = 0;

  constructor(private readonly ctx: EnforcementContext) {
    this.scopeLabel = h('span', { class: 'enf-scope' });
    const refresh = h('button', { class: 'btn enf-refresh', testid: 'enforcement-refresh', text: t('enf.refresh'), attrs: { type: 'button' } });
    this.csv = h('button', { class: 'btn enf-csv', testid: 'enforcement-csv', text: t('enf.csv'), attrs: { type: 'button' } });
    this.stats = h('dl', { class: 'enf-stats' });
    this.kinds = h('ul', { class: 'enf-kinds' });
    this.status = h('p', { class: 'enf-status' });
    this.root = h('div', { class: 'enforcement', testid: 'enforcement-summary' }, h('div', { class: 'enf-head' }, this.scopeLabel, refresh, this.csv), this.stats, h('p', { class: 'enf-sub', text: t('enf.topKinds') }), this.kinds, this.status);
    refresh.addEventListener('click', () => void this.load(this.currentStation, true));
    this.csv.addEventListener('click', () => void this.download());
  }

  /** Shown for a station: loads when the scope changed or the numbers are older than a minute. */
  show(stationId: string | null): void {
    this.currentStation = stationId;
    const scope = this.ctx.scope();
    setText(this.scopeLabel, scope.label);
    const key = `${scope.incidentId ?? ''}|${scope.incidentId ? '' : scope.from ?? ''}|${stationId ?? ''}`;
    if (key !== this.loadedKey || Date.now() - this.loadedAt > REFRESH_MS) void this.load(stationId);
  }

  private async load(stationId: string | null, force = false): Promise<void> {
    const scope = this.ctx.scope();
    const key = `${scope.incidentId ?? ''}|${scope.incidentId ? '' : scope.from ?? ''}|${stationId ?? ''}`;
    if (!force && key === this.loadedKey && Date.now() - this.loadedAt <= REFRESH_MS) return;
    const seq = ++this.seq;
    this.loadedKey = key;
    this.loadedAt = Date.now();
    setText(this.status, t('enf.loading'));
    try {
      const [summary, offenders] = await Promise.all([this.ctx.api.summary(scope, 'station'), this.ctx.api.repeatOffenders(scope)]);
      if (seq !== this.seq) return;
      this.draw(enforcementPanelModel(summary, offenders, stationId));
      setText(this.status, '');
    } catch (e) {
      if (seq !== this.seq) return;
      // Try again on the next show rather than a minute later.
      this.loadedAt = -Infinity;
      setText(this.status, e instanceof Error ? e.message : String(e));
    }
  }

  private draw(m: EnforcementPanelModel): void {
    setAttr(this.root, 'data-inspected', String(m.inspectedVehicles));
    setAttr(this.root, 'data-failed', String(m.failedVehicles));
    setAttr(this.root, 'data-rate', m.problemRatePct === null ? '' : String(m.problemRatePct));
    setAttr(this.root, 'data-repeat', String(m.repeatOffenders));
    const stat = (label: string, value: string, cls = '') => [h('dt', { text: label }), h('dd', { class: cls, text: value })];
    this.stats.replaceChildren(
      ...stat(t('enf.inspected'), t('enf.vehicles', { n: m.inspectedVehicles })),
      ...stat(t('enf.inspectionsLabel'), String(m.inspections)),
      ...stat(t('enf.failed'), t('enf.vehicles', { n: m.failedVehicles }), m.failedVehicles > 0 ? 'bad' : ''),
      ...stat(t('enf.rate'), m.problemRatePct === null ? '—' : `${m.problemRatePct}%`, 'big'),
      ...stat(t('enf.repeat'), t('enf.vehicles', { n: m.repeatOffenders }), m.repeatOffenders > 0 ? 'bad' : ''),
      ...(m.station ? stat(t('enf.stationLabel'), t('enf.station', { failed: m.station.failedVehicles, total: m.station.inspectedVehicles })) : []),
    );
    this.kinds.replaceChildren(
      ...(m.topKinds.length === 0
        ? [h('li', { class: 'muted', text: t('enf.none') })]
        : m.topKinds.map((k) => h('li', { attrs: { 'data-kind': k.kind } }, h('span', { text: t(`obd.kind.${k.kind}` as MessageKey) }), h('span', { class: 'num', text: t('enf.vehicles', { n: k.vehicles }) })))),
    );
  }

  private async download(): Promise<void> {
    this.csv.disabled = true;
    try {
      const blob = await this.ctx.api.failedVehiclesCsv(this.ctx.scope());
      const url = URL.createObjectURL(blob);
      const a = h('a', { attrs: { href: url, download: 'failed-vehicles.csv' } });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      setText(this.status, e instanceof Error ? e.message : String(e));
    } finally {
      this.csv.disabled = false;
    }
  }
}
