import { getLocale, t } from '../i18n/i18n';
import { formatCount } from '../format/format';
import { brokerDropIndicator } from '../state/broker-drops';
import type { FleetStore } from '../state/fleet-store';
import { h, setAttr, setText } from './dom';

/** Bottom line: devices online, readings/s, total received, quarantined total; broker drops and API errors on the right. */
export class StatusBarView {
  readonly root: HTMLElement;
  private readonly online: HTMLElement;
  private readonly rate: HTMLElement;
  private readonly total: HTMLElement;
  private readonly quarantine: HTMLElement;
  private readonly api: HTMLElement;
  private readonly brokerDrops: HTMLElement;

  constructor(private readonly store: FleetStore) {
    const stat = (label: string, testid: string) => {
      const value = h('span', { class: 'stat-value', testid });
      return { value, el: h('div', { class: 'stat' }, h('span', { class: 'stat-label', text: label }), value) };
    };
    const online = stat(t('status.online'), 'online-count');
    const rate = stat(t('status.rate'), 'reading-rate');
    const total = stat(t('status.total'), 'reading-counter');
    const quarantine = stat(t('status.quarantine'), 'quarantine-total');
    this.online = online.value;
    this.rate = rate.value;
    this.total = total.value;
    this.quarantine = quarantine.value;
    this.api = h('span', { class: 'api-state', testid: 'api-state' });
    this.brokerDrops = h('span', { class: 'broker-drops', testid: 'broker-dropped', attrs: { role: 'alert' } });
    this.brokerDrops.hidden = true;
    this.root = h('footer', { class: 'statusbar', testid: 'status-bar' }, online.el, rate.el, total.el, quarantine.el, h('div', { class: 'statusbar-right' }, this.brokerDrops, this.api));
  }

  render(now: number, apiError: string | null): void {
    const devices = this.store.devices();
    setText(this.online, `${this.store.onlineCount()} / ${devices.length}`);
    setText(this.rate, t('status.perSecond', { n: this.store.readingsPerSecond(now).toFixed(1) }));
    const total = this.store.totalReadings;
    setText(this.total, formatCount(total, getLocale()));
    setAttr(this.total, 'data-total', String(total));
    const q = this.store.quarantineTotal;
    setText(this.quarantine, q === null ? t('status.unavailable') : formatCount(q, getLocale()));
    setAttr(this.quarantine, 'data-total', q === null ? '' : String(q));
    const drops = brokerDropIndicator(this.store.brokerDropped, t, getLocale());
    setText(this.brokerDrops, drops?.text ?? '');
    setAttr(this.brokerDrops, 'title', drops?.title ?? '');
    setAttr(this.brokerDrops, 'data-total', String(this.store.brokerDropped ?? ''));
    this.brokerDrops.hidden = !drops;
    setText(this.api, apiError ? t('status.apiError') : '');
    setAttr(this.api, 'title', apiError ?? '');
    this.api.hidden = !apiError;
  }
}
