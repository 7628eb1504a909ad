import type { Incident } from '@tianyan/contracts';
import { formatDateTime } from '../format/format';
import { t } from '../i18n/i18n';
import { h } from './dom';

/** A drawer listing incidents (drills labelled); choosing one opens it in replay mode. */
export class IncidentPickerView {
  readonly root: HTMLElement;
  private readonly list: HTMLElement;

  constructor(private readonly onOpen: (incident: Incident) => void, onClose: () => void) {
    this.list = h('ul', { class: 'incident-list', testid: 'incident-list' });
    const close = h('button', { class: 'incident-close', text: t('incident.close'), attrs: { type: 'button' } });
    close.addEventListener('click', onClose);
    this.root = h('aside', { class: 'incident-picker', testid: 'incident-picker', attrs: { hidden: '' } }, h('div', { class: 'incident-picker-head' }, h('h2', { text: t('incident.title') }), close), this.list);
  }

  show(incidents: readonly Incident[] | null, error: string | null = null): void {
    this.root.hidden = false;
    if (error) return this.list.replaceChildren(h('li', { class: 'incident-empty', text: error }));
    if (!incidents) return this.list.replaceChildren(h('li', { class: 'incident-empty', text: t('incident.loading') }));
    if (incidents.length === 0) return this.list.replaceChildren(h('li', { class: 'incident-empty', text: t('incident.empty') }));
    this.list.replaceChildren(...incidents.map((i) => this.row(i)));
  }

  hide(): void {
    this.root.hidden = true;
  }

  private row(i: Incident): HTMLElement {
    const end = i.endAt ? formatDateTime(Date.parse(i.endAt)) : t('incident.openState');
    const button = h(
      'button',
      { class: 'incident-row', testid: 'incident-row', attrs: { type: 'button', 'data-incident-id': i.id, 'data-drill': String(i.drill) } },
      h('span', { class: `incident-level level-${i.level}`, text: i.level }),
      ...(i.drill ? [h('span', { class: 'drill-tag', text: t('incident.drill') })] : []),
      h('span', { class: 'incident-code', text: i.code }),
      h('span', { class: 'incident-title', text: i.title }),
      h('span', { class: 'incident-window', text: `${formatDateTime(Date.parse(i.startAt))} → ${end}` }),
    );
    button.addEventListener('click', () => this.onOpen(i));
    return h('li', {}, button);
  }
}
