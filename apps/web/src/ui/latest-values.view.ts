import { getLocale, t } from '../i18n/i18n';
import type { FleetStore } from '../state/fleet-store';
import { latestPanelModel } from '../state/latest-values';
import { h, panel, setAttr, setText } from './dom';

/** Right column, bottom: the newest values of the selected device. */
export class LatestValuesView {
  readonly root: HTMLElement;
  private readonly grid: HTMLElement;
  private readonly age: HTMLElement;
  private readonly late: HTMLElement;
  private signature = '';

  constructor(private readonly store: FleetStore) {
    const p = panel('latest', t('panel.latest'), 'LATEST', 'latest-values');
    this.root = p.root;
    this.late = h('span', { class: 'late-tag', text: t('device.late') });
    this.age = h('span', { class: 'panel-age' });
    p.head.append(this.late, this.age);
    this.grid = h('dl', { class: 'latest-grid' });
    p.body.append(this.grid);
  }

  render(now: number): void {
    const id = this.store.selectedId;
    const device = id ? this.store.device(id) : undefined;
    if (!device) {
      this.grid.replaceChildren();
      this.late.hidden = true;
      setText(this.age, '');
      this.signature = '';
      return;
    }
    const model = latestPanelModel(device, now, t, getLocale());
    this.late.hidden = !model.late;
    setText(this.age, `${t('device.age')} ${model.ageText}`);
    setAttr(this.root, 'data-late', String(model.late));
    const signature = model.rows.map((r) => `${r.key}=${r.value}${r.unit ?? ''}${r.tone ?? ''}`).join('|');
    if (signature === this.signature) return;
    this.signature = signature;
    this.grid.replaceChildren(
      ...model.rows.map((r) =>
        h(
          'div',
          { class: `latest-cell tone-${r.tone ?? 'normal'}`, attrs: { 'data-key': r.key } },
          h('dt', { text: r.label }),
          h('dd', {}, h('span', { class: 'value', text: r.value }), ...(r.unit ? [h('span', { class: 'unit', text: r.unit })] : [])),
        ),
      ),
    );
  }
}
