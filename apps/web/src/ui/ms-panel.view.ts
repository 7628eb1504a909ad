import { ChartHost } from '../charts/chart-host';
import { buildGasExposureOption, type GasPanel } from '../charts/gas-exposure.option';
import { buildMassSpectrumOption } from '../charts/mass-spectrum.option';
import { LEVEL_COLORS, PALETTE } from '../charts/theme';
import { exposureLevel, thresholdsOf, THRESHOLD_KEYS } from '@tianyan/contracts';
import { MAX_GAS_PANELS, mostExposed } from '../state/gas-selection';
import { formatTimeOfDay, formatValue } from '../format/format';
import { gasName, getLocale, t, unitText } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import type { FleetStore, IdentificationRun } from '../state/fleet-store';
import { gasMetricKey } from '../state/metrics';
import { countFrom, decimate } from '../live/decimate';
import { h, setAttr, setText, subPanel } from './dom';
import { KpiStrip } from './kpi-strip.view';
import { LIVE_WINDOW_MS } from './live-chart.view';

/**
 * Spectrometer: concentration per compound with its exposure thresholds, the latest GC-MS
 * identifications (tentative below match factor 700) and the mass spectrum of the selected one.
 */
export class MsPanelView {
  readonly root: HTMLElement;
  private readonly kpis = new KpiStrip((r) => r.key.startsWith('gas:') || r.key === 'state' || r.key === 'battery');
  private readonly gasHost: ChartHost;
  private readonly gasCanvas: HTMLElement;
  private readonly moreInfo: HTMLElement;
  private readonly spectrumHost: ChartHost;
  private readonly spectrumCanvas: HTMLElement;
  private readonly table: HTMLElement;
  private readonly runInfo: HTMLElement;
  private readonly empty: HTMLElement;
  private shownDevice: string | null = null;
  /** Device, compounds and locale of the drawn gas chart: while unchanged, redraws merge (cheap). */
  private gasStructure = '';
  private runsSignature = '';
  /** `${runId}|${cas}` of the identification whose spectrum is shown. */
  private selectedIdent: string | null = null;
  private spectrumKey = '';

  constructor(private readonly store: FleetStore) {
    const gases = subPanel('gases', t('panel.gases'), 'gas-panel');
    this.moreInfo = h('span', { class: 'sub-info', testid: 'gas-more' });
    gases.head.append(this.moreInfo, h('span', { class: 'panel-window', text: t('chart.window') }));
    this.gasCanvas = h('div', { class: 'chart gas-canvas', testid: 'gas-chart', attrs: { 'data-points': '0' } });
    gases.body.append(this.gasCanvas);
    this.gasHost = new ChartHost(this.gasCanvas);

    const idents = subPanel('idents', t('panel.identifications'), 'identifications');
    this.runInfo = h('span', { class: 'sub-info' });
    idents.head.append(this.runInfo);
    this.table = h('tbody');
    this.empty = h('div', { class: 'empty', text: t('ident.none') });
    idents.body.append(
      h('table', { class: 'data-table' },
        h('thead', {}, h('tr', {}, ...(['ident.compound', 'ident.conc', 'ident.mf', 'ident.rt'] as const).map((k) => h('th', { text: t(k) })))),
        this.table),
      this.empty,
    );
    this.table.addEventListener('click', (e) => {
      const row = (e.target as Element).closest<HTMLElement>('[data-ident]');
      if (!row?.dataset.ident) return;
      this.selectedIdent = row.dataset.ident;
      this.runsSignature = '';
      if (this.shownDevice) this.render(this.shownDevice, Date.now());
    });

    const spectrum = subPanel('spectrum', t('panel.spectrum'), 'mass-spectrum-panel');
    this.spectrumCanvas = h('div', { class: 'chart spectrum-canvas', testid: 'mass-spectrum', attrs: { 'data-ions': '0' } });
    spectrum.body.append(this.spectrumCanvas);
    this.spectrumHost = new ChartHost(this.spectrumCanvas);

    this.root = h('div', { class: 'device-panel-body ms-panel', testid: 'ms-panel' }, this.kpis.root, h('div', { class: 'ms-grid' }, gases.root, idents.root, spectrum.root));
  }

  render(deviceId: string, now: number): void {
    const device = this.store.device(deviceId);
    if (!device) return;
    const locale = getLocale();
    if (this.shownDevice !== deviceId) {
      this.shownDevice = deviceId;
      this.selectedIdent = null;
      this.runsSignature = '';
    }
    const latest = device.latest['ms/survey'];
    const levels = new Map<string, string>();
    if (latest && latest.stream === 'ms/survey') for (const g of (latest.data as { gases: { cas: string; ppm: number | null }[] }).gases) levels.set(g.cas, exposureLevel(g.cas, g.ppm));
    this.kpis.render(device, now);
    for (const cell of this.kpis.root.querySelectorAll<HTMLElement>('[data-key^="gas:"]')) setAttr(cell, 'data-level', levels.get(cell.dataset.key!.slice(4)) ?? 'none');

    const all = this.store.gasCasOf(deviceId);
    const shownCas = mostExposed(all, levels, MAX_GAS_PANELS);
    setText(this.moreInfo, all.length > shownCas.length ? t('gas.more', { n: all.length - shownCas.length }) : '');
    let heldPoints = 0;
    const panels: GasPanel[] = shownCas.map((cas) => {
      const th = thresholdsOf(cas);
      const { points: held, late } = this.store.seriesOf(deviceId, gasMetricKey(cas));
      heldPoints += countFrom(held, now - LIVE_WINDOW_MS);
      const points = decimate(held, now - LIVE_WINDOW_MS, now, Math.max(100, Math.round(this.gasCanvas.clientWidth || 600)));
      const level = levels.get(cas) ?? 'none';
      return {
        cas,
        name: gasName(locale, cas, device.gases.get(cas)),
        points,
        late,
        ...(level === 'none' ? {} : { status: t(`level.${level}` as MessageKey) }),
        thresholds: th
          ? THRESHOLD_KEYS.flatMap((k) => (th.ppm[k] === null ? [] : [{ key: k, label: t(`threshold.${k}` as MessageKey), value: th.ppm[k]!, color: LEVEL_COLORS[k] }]))
          : [],
      };
    });
    const structure = `${locale}|${deviceId}|${panels.map((p) => `${p.cas}:${p.thresholds.length}`).join(',')}|${this.gasCanvas.clientHeight}`;
    const rebuild = structure !== this.gasStructure;
    this.gasStructure = structure;
    this.gasHost.setOption(
      buildGasExposureOption(
        { panels, now },
        {
          windowMs: LIVE_WINDOW_MS, gapMs: 30_000, heightPx: this.gasCanvas.clientHeight || 360, floorPpm: 0.01, palette: PALETTE.series,
          lateColor: PALETTE.late, lateLabel: t('chart.late'), textColor: PALETTE.text, mutedColor: PALETTE.textMuted, emptyText: t('chart.noData'),
          unit: unitText('ppm'), formatTime: (v) => formatTimeOfDay(v).slice(0, 5), formatValue,
        },
      ),
      rebuild ? { notMerge: true } : {},
    );
    setAttr(this.gasCanvas, 'data-points', String(heldPoints));
    setAttr(this.gasCanvas, 'data-compounds', String(panels.length));

    this.renderRuns(this.store.runsOf(deviceId));
  }

  private renderRuns(runs: readonly IdentificationRun[]): void {
    const locale = getLocale();
    const run = runs[0];
    const signature = `${locale}|${runs.map((r) => r.runId).join(',')}|${this.selectedIdent ?? ''}`;
    if (signature !== this.runsSignature) {
      this.runsSignature = signature;
      this.empty.hidden = Boolean(run);
      setText(this.runInfo, run ? t('ident.run', { id: run.runId, time: formatTimeOfDay(run.t) }) : '');
      if (run && !this.selectedIdent) {
        const best = [...run.compounds].sort((a, b) => b.matchFactor - a.matchFactor).find((c) => c.ions.length > 0);
        if (best) this.selectedIdent = `${run.runId}|${best.cas}`;
      }
      this.table.replaceChildren(
        ...(run?.compounds ?? []).map((c) => {
          const id = `${run!.runId}|${c.cas}`;
          return h(
            'tr',
            { class: `ident-row${c.tentative ? ' tentative' : ''}${id === this.selectedIdent ? ' selected' : ''}`, testid: 'identification-row', attrs: { 'data-ident': id, 'data-tentative': String(c.tentative), 'data-cas': c.cas } },
            h('td', {}, h('span', { class: 'ident-name', text: gasName(locale, c.cas, c.name) }), ...(c.tentative ? [h('span', { class: 'tentative-tag', text: t('ident.tentative') })] : [])),
            h('td', { class: 'num', text: c.ppm === null ? `${formatValue(c.concentration)} ${c.unit}` : `${formatValue(c.ppm)} ${unitText('ppm')}` }),
            h('td', { class: `num mf${c.tentative ? ' low' : ''}`, text: String(Math.round(c.matchFactor)) }),
            h('td', { class: 'num', text: `${formatValue(c.retentionTimeS)} ${unitText('s')}` }),
          );
        }),
      );
    }
    const selected = run?.compounds.find((c) => `${run.runId}|${c.cas}` === this.selectedIdent);
    const key = `${locale}|${this.selectedIdent ?? ''}`;
    if (key === this.spectrumKey) return;
    this.spectrumKey = key;
    setAttr(this.spectrumCanvas, 'data-ions', String(selected?.ions.length ?? 0));
    setAttr(this.spectrumCanvas, 'data-cas', selected?.cas ?? '');
    this.spectrumHost.setOption(
      buildMassSpectrumOption(
        { ions: selected?.ions ?? [], title: selected ? `${gasName(locale, selected.cas, selected.name)} · ${t('ident.mf')} ${Math.round(selected.matchFactor)}` : '' },
        { color: PALETTE.accent, textColor: PALETTE.text, mutedColor: PALETTE.textMuted, emptyText: t('spectrum.pick'), mzLabel: t('spectrum.mz'), intensityLabel: t('spectrum.intensity') },
      ),
      { notMerge: true },
    );
  }

  dispose(): void {
    this.gasHost.dispose();
    this.spectrumHost.dispose();
  }
}
