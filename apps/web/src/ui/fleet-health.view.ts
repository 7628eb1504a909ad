import type { DeviceKind } from '@tianyan/contracts';
import { formatAge, formatValue, freshness } from '../format/format';
import { t } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { KIND_ICON_PATHS } from '../map/kind-icons';
import type { DeviceView, FleetStore } from '../state/fleet-store';
import { h, setAttr, setText, svgIcon } from './dom';

interface Card {
  root: HTMLElement;
  state: HTMLElement;
  age: HTMLElement;
  lateTag: HTMLElement;
  batteryFill: HTMLElement;
  batteryText: HTMLElement;
  late: HTMLElement;
  quarantined: HTMLElement;
}

/**
 * The fleet health strip: one card per device with state (online / offline / maintenance / fault),
 * battery, data age (ticking), late (24 h) and quarantined message counts. A card selects its device.
 */
export class FleetHealthView {
  readonly root: HTMLElement;
  private readonly list: HTMLElement;
  private readonly count: HTMLElement;
  private readonly cards = new Map<string, Card>();

  constructor(private readonly store: FleetStore, onSelect: (deviceId: string) => void) {
    this.count = h('span', { class: 'strip-count', testid: 'device-count' });
    this.list = h('ul', { class: 'strip-list', testid: 'device-list', attrs: { role: 'listbox', 'aria-label': t('panel.fleet'), 'aria-orientation': 'horizontal' } });
    this.root = h('section', { class: 'fleet-strip', testid: 'fleet-health' }, h('div', { class: 'strip-label' }, h('span', { text: t('panel.fleet') }), this.count), this.list);
    this.list.addEventListener('click', (e) => {
      const card = (e.target as Element).closest<HTMLElement>('[data-device-id]');
      if (card?.dataset.deviceId) onSelect(card.dataset.deviceId);
    });
    this.list.addEventListener('keydown', (e) => {
      const card = (e.target as Element).closest<HTMLElement>('[data-device-id]');
      if (!card?.dataset.deviceId) return;
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        onSelect(card.dataset.deviceId);
      } else if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
        e.preventDefault();
        ((e.key === 'ArrowRight' ? card.nextElementSibling : card.previousElementSibling) as HTMLElement | null)?.focus();
      }
    });
  }

  render(now: number): void {
    const devices = this.store.devices();
    const selectedId = this.store.selectedId;
    setText(this.count, `${devices.filter((d) => d.online).length}/${devices.length}`);
    const seen = new Set<string>();
    devices.forEach((d, index) => {
      seen.add(d.id);
      let card = this.cards.get(d.id);
      if (!card) {
        card = this.createCard(d.id, d.kind);
        this.cards.set(d.id, card);
      }
      if (this.list.children[index] !== card.root) this.list.insertBefore(card.root, this.list.children[index] ?? null);
      this.update(card, d, d.id === selectedId, now);
    });
    for (const [id, card] of this.cards) {
      if (!seen.has(id)) {
        card.root.remove();
        this.cards.delete(id);
      }
    }
  }

  private createCard(id: string, kind: DeviceKind): Card {
    const stat = (labelKey: MessageKey, testid: string) => {
      const value = h('span', { class: 'hc-value', testid });
      return { value, el: h('span', { class: 'hc-stat' }, h('span', { class: 'hc-label', text: t(labelKey) }), value) };
    };
    const state = h('span', { class: 'state-chip', testid: 'device-state' });
    const age = stat('health.age', 'device-age');
    const late = stat('health.late', 'device-late');
    const quarantined = stat('health.quarantined', 'device-quarantined');
    const lateTag = h('span', { class: 'late-tag', text: t('device.late') });
    const batteryFill = h('span', { class: 'battery-fill' });
    const batteryText = h('span', { class: 'battery-text' });
    const root = h(
      'li',
      { class: `health-card device-row kind-${kind}`, testid: 'device-row', attrs: { 'data-device-id': id, 'data-kind': kind, role: 'option', tabindex: '0' } },
      h('div', { class: 'hc-top' },
        h('span', { class: 'kind-icon', attrs: { title: t(`kind.${kind}` as MessageKey) } }, svgIcon(KIND_ICON_PATHS[kind])),
        h('span', { class: 'device-id', text: id }),
        lateTag,
        state),
      h('div', { class: 'hc-bottom' },
        h('span', { class: 'battery', attrs: { title: t('health.battery') } }, h('span', { class: 'battery-bar' }, batteryFill), batteryText),
        age.el, late.el, quarantined.el),
    );
    return { root, state, age: age.value, lateTag, batteryFill, batteryText, late: late.value, quarantined: quarantined.value };
  }

  private update(card: Card, d: DeviceView, selected: boolean, now: number): void {
    const ageMs = d.lastDataTime === null ? null : now - d.lastDataTime;
    setAttr(card.root, 'aria-selected', String(selected));
    setAttr(card.root, 'data-online', String(d.online));
    setAttr(card.root, 'data-state', d.state);
    setAttr(card.root, 'data-freshness', freshness(ageMs));
    setText(card.state, t(`state.${d.state}` as MessageKey));
    setText(card.age, formatAge(ageMs, t));
    card.lateTag.hidden = !d.lastLate;
    const health = this.store.healthOf(d.id);
    const available = this.store.fleetHealthAvailable;
    setText(card.late, available ? String(health?.lateReadings ?? 0) : '—');
    setText(card.quarantined, available ? String(health?.quarantined ?? 0) : '—');
    setAttr(card.root, 'data-late-count', available ? String(health?.lateReadings ?? 0) : '');
    setAttr(card.root, 'data-quarantined', available ? String(health?.quarantined ?? 0) : '');
    setAttr(card.quarantined, 'data-nonzero', String((health?.quarantined ?? 0) > 0));
    setAttr(card.late, 'data-nonzero', String((health?.lateReadings ?? 0) > 0));
    setAttr(card.root, 'title', t('health.tooltip', { late: health?.lateReadings ?? 0, q: health?.quarantined ?? 0 }));
    if (d.batteryPct === null) {
      setText(card.batteryText, '—');
      card.batteryFill.style.width = '0%';
      setAttr(card.root, 'data-battery', 'none');
    } else {
      const pct = Math.max(0, Math.min(100, d.batteryPct));
      setText(card.batteryText, `${formatValue(Math.round(pct))}%`);
      card.batteryFill.style.width = `${pct}%`;
      setAttr(card.root, 'data-battery', pct < 20 ? 'low' : pct < 40 ? 'mid' : 'ok');
    }
  }
}
