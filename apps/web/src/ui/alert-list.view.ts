import { ALERT_LEVELS, ALERT_RULE_KINDS, ALERT_STATES, type Alert, type AlertLevel, type AlertRuleKind, type AlertState } from '@tianyan/contracts';
import type { AlertCenter } from '../alerts/alert-center';
import type { AlertFilter } from '../alerts/alert-filter';
import { dueText, LEVEL_KEY, RULE_KIND_KEY, STATE_KEY } from '../alerts/alert-text';
import { formatDateTime } from '../format/format';
import { t } from '../i18n/i18n';
import { h, setAttr, setText } from './dom';

type DrillChoice = 'all' | 'real' | 'drill';
const DRILL_VALUE: Record<DrillChoice, boolean | null> = { all: null, real: false, drill: true };

/**
 * The alert list: filters (colour, state, kind, device, open only, drills), one page of alerts,
 * newest first, paging. Rows follow the socket (the model updates them); the view redraws on the
 * next animation frame when the model's version moved.
 */
export class AlertListView {
  readonly root: HTMLElement;
  private readonly body: HTMLElement;
  private readonly status: HTMLElement;
  private readonly pageText: HTMLElement;
  private readonly prev: HTMLButtonElement;
  private readonly next: HTMLButtonElement;
  private readonly levelButtons: HTMLButtonElement[];
  private readonly state: HTMLSelectElement;
  private readonly kind: HTMLSelectElement;
  private readonly device: HTMLInputElement;
  private readonly devices: HTMLDataListElement;
  private readonly openOnly: HTMLInputElement;
  private readonly drill: HTMLSelectElement;
  private drawn = '';

  constructor(private readonly center: AlertCenter, private readonly deviceIds: () => readonly string[], onOpen: (alertId: string) => void) {
    const f = center.list.filter;
    this.levelButtons = ALERT_LEVELS.map((level) => {
      const b = h('button', { class: `level-toggle level-${level}`, text: t(LEVEL_KEY[level]), attrs: { type: 'button', 'data-level': level, 'aria-pressed': String(f.levels.includes(level)) } });
      b.addEventListener('click', () => {
        b.setAttribute('aria-pressed', String(b.getAttribute('aria-pressed') !== 'true'));
        this.reload();
      });
      return b;
    });
    this.state = h('select', { class: 'filter-select', testid: 'alert-filter-state', attrs: { 'aria-label': t('list.state') } },
      h('option', { text: t('list.anyState'), attrs: { value: '' } }),
      ...ALERT_STATES.map((s) => h('option', { text: t(STATE_KEY[s]), attrs: { value: s } })));
    this.state.value = f.states[0] ?? '';
    this.kind = h('select', { class: 'filter-select', testid: 'alert-filter-kind', attrs: { 'aria-label': t('list.kind') } },
      h('option', { text: t('list.anyKind'), attrs: { value: '' } }),
      ...ALERT_RULE_KINDS.map((k) => h('option', { text: t(RULE_KIND_KEY[k]), attrs: { value: k } })));
    this.kind.value = f.ruleKinds[0] ?? '';
    this.devices = h('datalist', { attrs: { id: 'alert-device-ids' } });
    this.device = h('input', { class: 'filter-input', testid: 'alert-filter-device', attrs: { list: 'alert-device-ids', placeholder: t('list.device'), 'aria-label': t('list.device'), spellcheck: 'false' } });
    this.device.value = f.deviceId;
    this.openOnly = h('input', { testid: 'alert-filter-open', attrs: { type: 'checkbox' } });
    this.openOnly.checked = f.openOnly;
    this.drill = h('select', { class: 'filter-select', testid: 'alert-filter-drill', attrs: { 'aria-label': t('alerts.drill') } },
      ...(['all', 'real', 'drill'] as const).map((d) => h('option', { text: t(d === 'all' ? 'list.drillAll' : d === 'real' ? 'list.drillReal' : 'list.drillOnly'), attrs: { value: d } })));
    this.drill.value = f.drill === null ? 'all' : f.drill ? 'drill' : 'real';
    const reset = h('button', { class: 'filter-reset', text: t('list.reset'), attrs: { type: 'button' } });
    reset.addEventListener('click', () => {
      for (const b of this.levelButtons) b.setAttribute('aria-pressed', 'false');
      this.state.value = '';
      this.kind.value = '';
      this.device.value = '';
      this.openOnly.checked = true;
      this.drill.value = 'all';
      this.reload();
    });
    for (const el of [this.state, this.kind, this.openOnly, this.drill, this.device]) el.addEventListener('change', () => this.reload());
    this.device.addEventListener('focus', () => this.fillDevices());

    const filters = h('div', { class: 'alert-filters', testid: 'alert-filters' },
      h('div', { class: 'level-toggles', attrs: { role: 'group', 'aria-label': t('list.level') } }, ...this.levelButtons),
      this.state, this.kind, this.device, this.devices,
      h('label', { class: 'filter-check' }, this.openOnly, h('span', { text: t('list.openOnly') })),
      this.drill, reset);

    this.body = h('tbody');
    this.body.addEventListener('click', (e) => {
      const id = (e.target as Element).closest<HTMLElement>('[data-alert-id]')?.dataset.alertId;
      if (id) onOpen(id);
    });
    this.body.addEventListener('keydown', (e) => {
      const id = (e.target as Element).closest<HTMLElement>('[data-alert-id]')?.dataset.alertId;
      if (id && (e.key === 'Enter' || e.key === ' ')) {
        e.preventDefault();
        onOpen(id);
      }
    });
    const table = h('table', { class: 'data-table alert-table' },
      h('thead', {}, h('tr', {}, ...(['list.col.level', 'list.col.title', 'list.col.device', 'list.col.state', 'list.col.raised', 'list.col.due'] as const).map((k) => h('th', { text: t(k) })))),
      this.body);
    this.status = h('div', { class: 'alert-list-status', testid: 'alert-list-status' });
    this.pageText = h('span', { class: 'pager-text', testid: 'alert-page' });
    this.prev = h('button', { class: 'pager-btn', text: t('list.prev'), attrs: { type: 'button' } });
    this.next = h('button', { class: 'pager-btn', text: t('list.next'), attrs: { type: 'button' } });
    this.prev.addEventListener('click', () => void center.loadList(center.list.filter, Math.max(0, center.list.offset - center.list.limit)));
    this.next.addEventListener('click', () => void center.loadList(center.list.filter, center.list.offset + center.list.limit));
    this.root = h('section', { class: 'alert-list', testid: 'alert-list' },
      filters,
      h('div', { class: 'alert-table-scroll' }, table, this.status),
      h('div', { class: 'pager' }, this.prev, this.pageText, this.next));
  }

  /** The filter as the controls show it. */
  filter(): AlertFilter {
    const pressed = this.levelButtons.filter((b) => b.getAttribute('aria-pressed') === 'true').map((b) => b.dataset.level as AlertLevel);
    return {
      levels: pressed,
      states: this.state.value ? [this.state.value as AlertState] : [],
      ruleKinds: this.kind.value ? [this.kind.value as AlertRuleKind] : [],
      deviceId: this.device.value.trim(),
      openOnly: this.openOnly.checked,
      drill: DRILL_VALUE[this.drill.value as DrillChoice],
      from: null,
      to: null,
    };
  }

  /** A filter changed: back to the first page. */
  reload(): void {
    void this.center.loadList(this.filter(), 0);
  }

  /** The current page again. */
  refresh(): void {
    void this.center.loadList(this.filter(), this.center.list.offset);
  }

  render(now: number): void {
    const m = this.center.list;
    const minute = Math.floor(now / 60_000);
    const key = `${m.version}|${this.center.listLoading}|${this.center.listError ?? ''}|${minute}`;
    if (key === this.drawn) return;
    this.drawn = key;
    setAttr(this.root, 'data-total', String(m.total));
    setAttr(this.root, 'data-loading', String(this.center.listLoading));
    this.body.replaceChildren(...m.items.map((a) => this.row(a, now)));
    setText(this.status, this.center.listError ? t('alert.loadFailed', { error: this.center.listError }) : !m.loaded || this.center.listLoading ? t('alert.loading') : m.items.length === 0 ? t('list.empty') : '');
    this.status.hidden = this.status.textContent === '';
    setText(this.pageText, t('list.page', { page: m.pageIndex + 1, pages: m.pageCount, total: m.total }));
    this.prev.disabled = m.offset === 0;
    this.next.disabled = m.offset + m.limit >= m.total;
  }

  private row(a: Alert, now: number): HTMLElement {
    const due = dueText(a, now, t);
    const overdue = a.overdue || (a.dueAt !== null && Date.parse(a.dueAt) < now);
    return h('tr', { class: `alert-row level-${a.level}${a.drill ? ' drill' : ''}${overdue ? ' overdue' : ''}`, testid: 'alert-row', attrs: { tabindex: '0', 'data-alert-id': a.id, 'data-level': a.level, 'data-state': a.state } },
      h('td', {}, h('span', { class: 'level-chip', text: t(LEVEL_KEY[a.level]) }), ...(a.drill ? [h('span', { class: 'drill-tag', text: t('alerts.drill') })] : [])),
      h('td', { class: 'alert-title-cell', text: a.title, attrs: { title: `${a.title} · ${a.ruleName}` } }),
      h('td', { class: 'num', text: a.deviceId ?? '—' }),
      h('td', {}, h('span', { class: `state-tag state-${a.state}`, text: t(STATE_KEY[a.state]) })),
      h('td', { class: 'num', text: formatDateTime(Date.parse(a.raisedAt)).slice(5, 16) }),
      h('td', { class: `num${overdue ? ' overdue-text' : ''}`, text: due ?? '—' }));
  }

  private fillDevices(): void {
    const ids = this.deviceIds();
    if (this.devices.childElementCount === ids.length) return;
    this.devices.replaceChildren(...ids.map((id) => h('option', { attrs: { value: id } })));
  }
}
