import type { DeviceKind } from '@tianyan/contracts';
import { t } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { formatAge, formatValue, freshness } from '../format/format';
import { KIND_ICON_PATHS } from '../map/kind-icons';
import type { DeviceView } from '../state/fleet-store';
import { h, panel, setAttr, setText, svgIcon } from './dom';

interface Row {
  root: HTMLElement;
  state: HTMLElement;
  age: HTMLElement;
  late: HTMLElement;
  batteryFill: HTMLElement;
  batteryText: HTMLElement;
}

/** Left column: one row per device with kind, id, state, data age (ticking) and battery. */
export class DeviceListView {
  readonly root: HTMLElement;
  private readonly list: HTMLElement;
  private readonly count: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly rows = new Map<string, Row>();

  constructor(onSelect: (deviceId: string) => void) {
    const p = panel('devices', t('panel.devices'), 'DEVICES', 'device-list');
    this.root = p.root;
    this.count = h('span', { class: 'panel-count', testid: 'device-count' });
    p.head.append(this.count);
    this.list = h('ul', { class: 'device-list', attrs: { role: 'listbox', 'aria-label': t('panel.devices') } });
    this.empty = h('div', { class: 'empty', text: t('device.none') });
    p.body.append(this.list, this.empty);

    this.list.addEventListener('click', (e) => {
      const row = (e.target as Element).closest<HTMLElement>('[data-device-id]');
      if (row?.dataset.deviceId) onSelect(row.dataset.deviceId);
    });
    this.list.addEventListener('keydown', (e) => {
      const row = (e.target as Element).closest<HTMLElement>('[data-device-id]');
      if (!row?.dataset.deviceId) return;
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        onSelect(row.dataset.deviceId);
      } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const next = (e.key === 'ArrowDown' ? row.nextElementSibling : row.previousElementSibling) as HTMLElement | null;
        next?.focus();
      }
    });
  }

  render(devices: readonly DeviceView[], selectedId: string | null, now: number): void {
    const online = devices.filter((d) => d.online).length;
    setText(this.count, `${online}/${devices.length}`);
    this.empty.hidden = devices.length > 0;

    const seen = new Set<string>();
    devices.forEach((d, index) => {
      seen.add(d.id);
      let row = this.rows.get(d.id);
      if (!row) {
        row = this.createRow(d.id, d.kind);
        this.rows.set(d.id, row);
      }
      if (this.list.children[index] !== row.root) this.list.insertBefore(row.root, this.list.children[index] ?? null);
      this.updateRow(row, d, d.id === selectedId, now);
    });
    for (const [id, row] of this.rows) {
      if (!seen.has(id)) {
        row.root.remove();
        this.rows.delete(id);
      }
    }
  }

  private createRow(id: string, kind: DeviceKind): Row {
    const state = h('span', { class: 'state-chip' });
    const age = h('span', { class: 'age', testid: 'device-age' });
    const late = h('span', { class: 'late-tag', text: t('device.late') });
    const batteryFill = h('span', { class: 'battery-fill' });
    const batteryText = h('span', { class: 'battery-text' });
    const root = h(
      'li',
      { class: `device-row kind-${kind}`, testid: 'device-row', attrs: { 'data-device-id': id, 'data-kind': kind, role: 'option', tabindex: '0' } },
      h('span', { class: 'kind-icon', attrs: { title: t(`kind.${kind}` as MessageKey) } }, svgIcon(KIND_ICON_PATHS[kind])),
      h(
        'div',
        { class: 'row-main' },
        h('div', { class: 'row-line' }, h('span', { class: 'device-id', text: id }), state),
        h('div', { class: 'row-line sub' }, h('span', { class: 'kind-label', text: t(`kind.${kind}` as MessageKey) }), h('span', { class: 'age-wrap' }, late, age)),
      ),
      h('div', { class: 'battery', attrs: { title: t('device.battery') } }, h('span', { class: 'battery-bar' }, batteryFill), batteryText),
    );
    return { root, state, age, late, batteryFill, batteryText };
  }

  private updateRow(row: Row, d: DeviceView, selected: boolean, now: number): void {
    const ageMs = d.lastDataTime === null ? null : now - d.lastDataTime;
    setAttr(row.root, 'aria-selected', String(selected));
    setAttr(row.root, 'data-online', String(d.online));
    setAttr(row.root, 'data-state', d.state);
    setAttr(row.root, 'data-freshness', freshness(ageMs));
    setText(row.state, t(`state.${d.state}` as MessageKey));
    setText(row.age, formatAge(ageMs, t));
    row.late.hidden = !d.lastLate;
    if (d.batteryPct === null) {
      setText(row.batteryText, '—');
      row.batteryFill.style.width = '0%';
      setAttr(row.root, 'data-battery', 'none');
    } else {
      const pct = Math.max(0, Math.min(100, d.batteryPct));
      setText(row.batteryText, `${formatValue(Math.round(pct))}%`);
      row.batteryFill.style.width = `${pct}%`;
      setAttr(row.root, 'data-battery', pct < 20 ? 'low' : pct < 40 ? 'mid' : 'ok');
    }
  }
}
