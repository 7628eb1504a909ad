import type { DeviceKind } from '@tianyan/contracts';
import type { EnforcementContext } from '../enforcement/enforcement-summary.view';
import { t } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import type { FleetStore } from '../state/fleet-store';
import { h, panel, setAttr, setText } from './dom';
import { DronePanelView } from './drone-panel.view';
import { MsPanelView } from './ms-panel.view';
import { ObdPanelView } from './obd-panel.view';

interface KindPanel {
  readonly root: HTMLElement;
  render(deviceId: string, now: number): void;
  dispose(): void;
}

/** Right column: the selected device's panel, by kind. */
export class DevicePanelView {
  readonly root: HTMLElement;
  readonly drone: DronePanelView;
  private readonly panels: Record<DeviceKind, KindPanel>;
  private readonly title: HTMLElement;
  private readonly hint: HTMLElement;

  constructor(private readonly store: FleetStore, enforcement: EnforcementContext | null = null) {
    const p = panel('device', t('panel.device'), 'DEVICE', 'device-panel');
    this.root = p.root;
    this.title = h('span', { class: 'panel-device', testid: 'panel-device' });
    p.head.append(this.title);
    this.drone = new DronePanelView(store);
    this.panels = { drone: this.drone, ms: new MsPanelView(store), obd: new ObdPanelView(store, enforcement) };
    this.hint = h('div', { class: 'chart-hint', text: t('chart.selectHint') });
    p.body.append(this.panels.drone.root, this.panels.ms.root, this.panels.obd.root, this.hint);
    for (const k of Object.keys(this.panels) as DeviceKind[]) this.panels[k].root.hidden = true;
  }

  render(now: number): void {
    const id = this.store.selectedId;
    const device = id ? this.store.device(id) : undefined;
    setAttr(this.root, 'data-device-id', device?.id ?? '');
    setAttr(this.root, 'data-kind', device?.kind ?? '');
    setText(this.title, device ? `${device.id} · ${t(`kind.${device.kind}` as MessageKey)}` : '');
    this.hint.hidden = Boolean(device);
    for (const k of Object.keys(this.panels) as DeviceKind[]) this.panels[k].root.hidden = k !== device?.kind;
    if (device) this.panels[device.kind].render(device.id, now);
  }

  dispose(): void {
    for (const p of Object.values(this.panels)) p.dispose();
  }
}
