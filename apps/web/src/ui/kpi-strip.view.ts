import { getLocale, t, unitText } from '../i18n/i18n';
import type { DeviceView } from '../state/fleet-store';
import { latestPanelModel, type LatestRow } from '../state/latest-values';
import { h, setAttr, setText } from './dom';

/** The newest values of a device as a compact strip (from the pure latest-values model). */
export class KpiStrip {
  readonly root: HTMLElement;
  private readonly grid: HTMLElement;
  private readonly age: HTMLElement;
  private readonly late: HTMLElement;
  private signature = '';
  private readonly cells = new Map<string, { cell: HTMLElement; value: HTMLElement }>();

  constructor(private readonly keep: (row: LatestRow) => boolean = () => true) {
    this.late = h('span', { class: 'late-tag', text: t('device.late') });
    this.age = h('span', { class: 'kpi-age' });
    this.grid = h('dl', { class: 'kpi-grid' });
    this.root = h('div', { class: 'kpi-strip', testid: 'latest-values' }, this.grid, h('div', { class: 'kpi-meta' }, this.late, this.age));
  }

  render(device: DeviceView, now: number, extra: readonly LatestRow[] = []): void {
    const model = latestPanelModel(device, now, t, getLocale());
    this.late.hidden = !model.late;
    setText(this.age, `${t('device.age')} ${model.ageText}`);
    setAttr(this.root, 'data-late', String(model.late));
    const rows = [...extra, ...model.rows.filter(this.keep)];
    // Rebuild the cells only when the set of rows changes; values update in place (no layout churn at 10 Hz).
    const signature = rows.map((r) => `${r.key}:${r.label}:${r.unit ?? ''}`).join('|');
    if (signature !== this.signature) {
      this.signature = signature;
      this.cells.clear();
      this.grid.replaceChildren(
        ...rows.map((r) => {
          const value = h('span', { class: 'value' });
          const cell = h(
            'div',
            { class: 'latest-cell', attrs: { 'data-key': r.key } },
            h('dt', { text: r.label }),
            h('dd', {}, value, ...(r.unit ? [h('span', { class: 'unit', text: unitText(r.unit) })] : [])),
          );
          this.cells.set(r.key, { cell, value });
          return cell;
        }),
      );
    }
    for (const r of rows) {
      const c = this.cells.get(r.key);
      if (!c) continue;
      setText(c.value, r.value);
      const cls = `latest-cell tone-${r.tone ?? 'normal'}`;
      if (c.cell.className !== cls) c.cell.className = cls;
    }
  }
}
