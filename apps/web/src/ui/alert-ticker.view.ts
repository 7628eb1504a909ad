import type { Alert } from '@tianyan/contracts';
import type { AlertFeed } from '../alerts/alert-feed';
import { LEVEL_KEY, STATE_KEY } from '../alerts/alert-text';
import { formatTimeOfDay } from '../format/format';
import { t } from '../i18n/i18n';
import { h, setAttr, setText } from './dom';

/** Items drawn in the band; the rest are one click away in the list. */
const MAX_ITEMS = 40;
/** Scroll speed of an overflowing band, px/s: readable from across a room. */
const SCROLL_PX_PER_S = 60;

interface Item {
  root: HTMLElement;
  level: HTMLElement;
  drill: HTMLElement;
  time: HTMLElement;
  device: HTMLElement;
  title: HTMLElement;
  state: HTMLElement;
  overdue: HTMLElement;
}

/**
 * The alert band under the header: open alerts, worst colour first; click one for its detail. It
 * scrolls only when the alerts do not fit (pausing under the pointer). Rows are updated in place,
 * and rebuilt only when the order changes.
 */
export class AlertTickerView {
  readonly root: HTMLElement;
  private readonly track: HTMLElement;
  private readonly clones: HTMLElement;
  private readonly window: HTMLElement;
  private readonly count: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly more: HTMLElement;
  private readonly items = new Map<string, Item>();
  private order = '';
  /** What the hidden copy was made from: recopied only when something shown changed. */
  private copied = '';

  constructor(private readonly feed: AlertFeed, onOpen: (alertId: string) => void, onList: () => void) {
    this.count = h('span', { class: 'ticker-count', testid: 'alert-count' });
    this.track = h('ul', { class: 'ticker-track' });
    this.clones = h('ul', { class: 'ticker-track ticker-clones', attrs: { 'aria-hidden': 'true' } });
    this.more = h('button', { class: 'ticker-more', testid: 'alert-more', attrs: { type: 'button' } });
    this.empty = h('div', { class: 'ticker-empty', testid: 'alert-empty' }, h('span', { class: 'ok-dot' }), h('span', { text: t('alerts.empty') }), h('span', { class: 'muted', text: t('alerts.emptyHint') }));
    this.window = h('div', { class: 'ticker-window' }, h('div', { class: 'ticker-reel' }, this.track, this.clones), this.empty);
    const list = h('button', { class: 'ticker-list', testid: 'alert-list-open', text: t('alerts.list'), attrs: { type: 'button' } });
    this.root = h(
      'section',
      { class: 'ticker', testid: 'alert-ticker', attrs: { role: 'log', 'aria-live': 'polite', 'aria-label': t('alerts.title'), 'data-count': '0' } },
      h('div', { class: 'ticker-label' }, h('span', { text: t('alerts.title') }), this.count),
      this.window,
      this.more,
      list,
    );
    list.addEventListener('click', onList);
    this.more.addEventListener('click', onList);
    this.window.addEventListener('click', (e) => {
      const id = (e.target as Element).closest<HTMLElement>('[data-alert-id]')?.dataset.alertId;
      if (id) onOpen(id);
    });
  }

  render(now: number): void {
    const open = this.feed.open();
    const shown = open.slice(0, MAX_ITEMS);
    setText(this.count, t('alerts.count', { n: open.length }));
    setAttr(this.root, 'data-count', String(open.length));
    setAttr(this.root, 'data-worst', shown.find((a) => !a.drill)?.level ?? shown[0]?.level ?? 'none');
    this.empty.hidden = open.length > 0;
    this.more.hidden = open.length <= MAX_ITEMS;
    setText(this.more, t('alerts.more', { n: open.length - shown.length }));

    const order = shown.map((a) => a.id).join('|');
    if (order !== this.order) {
      this.order = order;
      const next = new Map<string, Item>();
      for (const a of shown) next.set(a.id, this.items.get(a.id) ?? this.item());
      this.items.clear();
      for (const [id, item] of next) this.items.set(id, item);
      this.track.replaceChildren(...shown.map((a) => this.items.get(a.id)!.root));
    }
    for (const a of shown) this.fill(this.items.get(a.id)!, a, now);
    this.scroll(shown.map((a) => `${a.id}:${a.level}:${a.state}:${a.title}:${a.active}:${this.items.get(a.id)!.overdue.hidden}`).join('|'));
  }

  private item(): Item {
    const level = h('span', { class: 'level-chip' });
    const drill = h('span', { class: 'drill-tag', text: t('alerts.drill') });
    const time = h('span', { class: 'ticker-time' });
    const device = h('span', { class: 'ticker-device' });
    const title = h('span', { class: 'ticker-msg' });
    const state = h('span', { class: 'ticker-state' });
    const overdue = h('span', { class: 'overdue-tag', text: t('alerts.overdue') });
    const button = h('button', { class: 'ticker-btn', attrs: { type: 'button' } }, level, drill, time, device, title, state, overdue);
    return { root: h('li', { class: 'ticker-item', testid: 'alert-ticker-item' }, button), level, drill, time, device, title, state, overdue };
  }

  private fill(item: Item, a: Alert, now: number): void {
    const r = item.root;
    setAttr(r, 'class', `ticker-item level-${a.level}${a.drill ? ' drill' : ''}${a.overdue ? ' overdue' : ''}${a.active ? '' : ' inactive'}`);
    setAttr(r, 'data-alert-id', a.id);
    setAttr(r, 'data-level', a.level);
    setAttr(r, 'data-state', a.state);
    setAttr(r, 'data-drill', String(a.drill));
    setAttr(r, 'data-rule-kind', a.ruleKind);
    setText(item.level, t(LEVEL_KEY[a.level]));
    item.drill.hidden = !a.drill;
    setText(item.time, formatTimeOfDay(Date.parse(a.raisedAt)));
    setText(item.device, a.deviceId ?? '');
    setText(item.title, a.title);
    setText(item.state, t(STATE_KEY[a.state]));
    item.overdue.hidden = !(a.overdue || (a.dueAt !== null && Date.parse(a.dueAt) < now));
  }

  /** Scrolls (with a second, hidden copy for a seamless loop) only when the alerts overflow. */
  private scroll(signature: string): void {
    const overflow = this.track.childElementCount > 0 && this.track.scrollWidth > this.window.clientWidth;
    setAttr(this.root, 'data-scrolling', String(overflow));
    if (!overflow) {
      if (this.clones.childElementCount > 0) this.clones.replaceChildren();
      this.copied = '';
      return;
    }
    if (signature === this.copied) return;
    this.copied = signature;
    const copy = [...this.track.children].map((li) => {
      const c = li.cloneNode(true) as HTMLElement;
      delete c.dataset.testid;
      c.querySelector('button')?.setAttribute('tabindex', '-1');
      return c;
    });
    this.clones.replaceChildren(...copy);
    this.root.style.setProperty('--ticker-duration', `${Math.max(20, Math.round(this.track.scrollWidth / SCROLL_PX_PER_S))}s`);
  }
}
