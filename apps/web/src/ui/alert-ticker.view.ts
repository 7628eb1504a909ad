import type { AlertFeed } from '../alerts/alert-feed';
import { formatTimeOfDay } from '../format/format';
import { t } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { h, setAttr, setText } from './dom';

/** The alert band under the header: open alerts scrolling, worst first; an empty state until alerts exist. */
export class AlertTickerView {
  readonly root: HTMLElement;
  private readonly track: HTMLElement;
  private readonly count: HTMLElement;
  private readonly empty: HTMLElement;
  private signature = '';

  constructor(private readonly feed: AlertFeed) {
    this.count = h('span', { class: 'ticker-count', testid: 'alert-count' });
    this.track = h('ul', { class: 'ticker-track' });
    this.empty = h('div', { class: 'ticker-empty', testid: 'alert-empty' }, h('span', { class: 'ok-dot' }), h('span', { text: t('alerts.empty') }), h('span', { class: 'muted', text: t('alerts.emptyHint') }));
    this.root = h(
      'section',
      { class: 'ticker', testid: 'alert-ticker', attrs: { role: 'log', 'aria-live': 'polite', 'aria-label': t('alerts.title') } },
      h('div', { class: 'ticker-label' }, h('span', { text: t('alerts.title') }), this.count),
      h('div', { class: 'ticker-window' }, this.track, this.empty),
    );
  }

  render(): void {
    const open = this.feed.open();
    setText(this.count, t('alerts.count', { n: open.length }));
    setAttr(this.root, 'data-count', String(open.length));
    setAttr(this.root, 'data-worst', open[0]?.level ?? 'none');
    this.empty.hidden = open.length > 0;
    const signature = open.map((a) => `${a.id}:${a.state}`).join('|');
    if (signature === this.signature) return;
    this.signature = signature;
    this.track.replaceChildren(
      ...open.map((a) =>
        h('li', { class: `ticker-item level-${a.level}`, attrs: { 'data-alert-id': a.id } },
          h('span', { class: 'level-chip', text: t(`alerts.level.${a.level}` as MessageKey) }),
          h('span', { class: 'ticker-time', text: formatTimeOfDay(Date.parse(a.raisedAt)) }),
          h('span', { class: 'ticker-device', text: a.deviceId ?? '' }),
          h('span', { class: 'ticker-msg', text: a.title })),
      ),
    );
  }
}
