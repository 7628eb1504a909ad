import type { Alert, Role } from '@tianyan/contracts';
import type { AlertCenter } from '../alerts/alert-center';
import type { HttpClient } from '../api/http-client';
import { t } from '../i18n/i18n';
import { AlertDetailView } from './alert-detail.view';
import { AlertListView } from './alert-list.view';
import { h, setAttr } from './dom';

/** What the drawer shows; kept outside the view so a language switch (a remount) keeps it. */
export interface AlertDrawerState {
  mode: 'closed' | 'list' | 'detail';
  alertId: string | null;
}

/**
 * The alert drawer over the right of the workspace: the list, or one alert's detail (from the
 * ticker, the list or a map pin). Escape closes it.
 */
export class AlertDrawerView {
  readonly root: HTMLElement;
  readonly list: AlertListView;
  readonly detail: AlertDetailView;
  private readonly onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && this.state.mode !== 'closed' && !(e.target as Element | null)?.closest?.('input, textarea, select')) this.close();
  };

  constructor(center: AlertCenter, http: HttpClient, role: () => Role | null, deviceIds: () => readonly string[], private readonly state: AlertDrawerState, private readonly changed: () => void) {
    this.list = new AlertListView(center, deviceIds, (id) => this.openDetail(id));
    this.detail = new AlertDetailView(center, http, role, { back: () => this.openList(), close: () => this.close() });
    const close = h('button', { class: 'btn ghost close', testid: 'alert-drawer-close', text: '×', attrs: { type: 'button', title: t('alert.close'), 'aria-label': t('alert.close') } });
    close.addEventListener('click', () => this.close());
    const listHead = h('header', { class: 'drawer-head' }, h('h2', { class: 'panel-title', text: t('alerts.list') }), close);
    this.root = h('aside', { class: 'alert-drawer', testid: 'alert-drawer', attrs: { 'aria-label': t('alerts.title') } }, h('div', { class: 'drawer-list' }, listHead, this.list.root), this.detail.root);
    document.addEventListener('keydown', this.onKey);
    this.apply();
    if (state.mode === 'detail' && state.alertId) this.detail.open(state.alertId);
    if (state.mode === 'list') this.list.refresh();
  }

  /** Opens the list on the page it was on, re-read (it may have moved on while hidden). */
  openList(): void {
    this.state.mode = 'list';
    this.apply();
    this.list.refresh();
  }

  openDetail(id: string): void {
    this.state.mode = 'detail';
    this.state.alertId = id;
    this.apply();
    this.detail.open(id);
  }

  close(): void {
    this.state.mode = 'closed';
    this.apply();
  }

  onAlerts(alerts: readonly Alert[]): void {
    if (this.state.mode === 'detail') this.detail.onAlerts(alerts);
  }

  render(now: number): void {
    if (this.state.mode === 'list') this.list.render(now);
    if (this.state.mode === 'detail') this.detail.render(now);
  }

  dispose(): void {
    document.removeEventListener('keydown', this.onKey);
    this.detail.dispose();
  }

  private apply(): void {
    setAttr(this.root, 'data-mode', this.state.mode);
    this.root.hidden = this.state.mode === 'closed';
    (this.root.firstElementChild as HTMLElement).hidden = this.state.mode !== 'list';
    this.detail.root.hidden = this.state.mode !== 'detail';
    this.changed();
  }
}
