import { getLocale, LOCALES, t, type Locale } from '../i18n/i18n';
import { formatClockDate, formatTimeOfDay } from '../format/format';
import type { ConnectionState } from '../state/fleet-store';
import { h, setAttr, setText } from './dom';
import { userBadge } from '../auth/user-badge.view';

const CONNECTION_KEY = {
  connecting: 'conn.connecting',
  live: 'conn.live',
  reconnecting: 'conn.reconnecting',
  disconnected: 'conn.disconnected',
} as const satisfies Record<ConnectionState, string>;

/** An eye over a horizon: the product mark. */
const LOGO_PATH = 'M12 5C6.5 5 2.6 9.2 1.5 12c1.1 2.8 5 7 10.5 7s9.4-4.2 10.5-7C21.4 9.2 17.5 5 12 5Zm0 11.2a4.2 4.2 0 1 1 0-8.4 4.2 4.2 0 0 1 0 8.4Zm0-6.3a2.1 2.1 0 1 0 0 4.2 2.1 2.1 0 0 0 0-4.2Z';

export class HeaderView {
  readonly root: HTMLElement;
  private readonly connection: HTMLElement;
  private readonly connectionText: HTMLElement;
  private readonly clock: HTMLElement;
  private readonly date: HTMLElement;
  private readonly mode: HTMLElement;

  constructor(onLocale: (locale: Locale) => void, onIncidents?: () => void) {
    const logo = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    logo.setAttribute('viewBox', '0 0 24 24');
    logo.setAttribute('class', 'brand-mark');
    logo.innerHTML = `<path d="${LOGO_PATH}"/>`;

    this.connectionText = h('span', { class: 'conn-text' });
    this.connection = h('div', { class: 'conn', testid: 'connection-state', attrs: { role: 'status', 'aria-live': 'polite' } }, h('span', { class: 'conn-dot' }), this.connectionText);
    this.clock = h('time', { class: 'clock-time', testid: 'clock' });
    this.date = h('span', { class: 'clock-date', testid: 'clock-date' });
    const current = getLocale();
    const lang = h(
      'div',
      { class: 'lang-switch', testid: 'lang-switch', attrs: { role: 'group', 'aria-label': t('lang.label') } },
      ...LOCALES.map((l) =>
        h('button', { class: `lang-btn${l === current ? ' active' : ''}`, text: t(`lang.${l}`), attrs: { type: 'button', 'data-locale': l, 'aria-pressed': String(l === current), lang: l } }),
      ),
    );
    lang.addEventListener('click', (e) => {
      const locale = (e.target as Element).closest<HTMLElement>('[data-locale]')?.dataset.locale as Locale | undefined;
      if (locale && locale !== getLocale()) onLocale(locale);
    });

    this.mode = h('span', { class: 'mode-badge', testid: 'mode-badge', text: t('app.mode.live') });
    const incidents = h('button', { class: 'incident-open', testid: 'incident-open', text: t('incident.open'), attrs: { type: 'button' } });
    if (onIncidents) incidents.addEventListener('click', onIncidents);
    else incidents.hidden = true;

    this.root = h(
      'header',
      { class: 'topbar', testid: 'header' },
      h('div', { class: 'brand' }, logo, h('span', { class: 'brand-name', text: t('app.name') }), h('span', { class: 'brand-latin', text: t('app.nameLatin') }), h('span', { class: 'brand-sub', text: t('app.subtitle') })),
      h('div', { class: 'topbar-centre' }, this.mode, incidents),
      h('div', { class: 'topbar-right' }, userBadge(), lang, this.connection, h('div', { class: 'clock' }, this.date, this.clock, h('span', { class: 'clock-zone', text: t('clock.zone') }))),
    );
  }

  renderConnection(state: ConnectionState): void {
    setAttr(this.connection, 'data-state', state);
    setText(this.connectionText, t(CONNECTION_KEY[state]));
  }

  /** Live or replay: in replay the clock shows the replay's device time. */
  renderMode(mode: 'live' | 'replay'): void {
    setText(this.mode, t(mode === 'replay' ? 'app.mode.replay' : 'app.mode.live'));
    setAttr(this.mode, 'data-mode', mode);
  }

  renderClock(now: number): void {
    setText(this.clock, formatTimeOfDay(now));
    setText(this.date, formatClockDate(now, getLocale()));
    setAttr(this.clock, 'datetime', new Date(now).toISOString());
  }
}
