import { actionsAvailable, ALERT_TRANSITIONS, type Alert, type AlertAction, type AlertActionRequest, type AlertAttachment, type AlertDetail, type AlertRule, type Role } from '@tianyan/contracts';
import { AlertApiError } from '../alerts/alert-api';
import type { AlertCenter } from '../alerts/alert-center';
import { ACTION_KEY, dueText, LEVEL_KEY, measureText, RULE_KIND_KEY, STATE_KEY, UNIT_TIER_KEY } from '../alerts/alert-text';
import type { HttpClient } from '../api/http-client';
import { formatDateTime } from '../format/format';
import { getLocale, t } from '../i18n/i18n';
import { actionForm } from './alert-action-form.view';
import { AlertChartView } from './alert-chart.view';
import { alertTimeline } from './alert-timeline.view';
import { h, setAttr, setText, subPanel } from './dom';

/** Steps and readings are re-read at most this often while socket updates stream in. */
const REFRESH_MS = 1500;

export interface AlertDetailNav {
  back(): void;
  close(): void;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * One alert: colour, state, title, measure against its limit and basis, condition, unit, due time
 * (overdue highlighted), escalations; the readings that triggered it on a chart with the rule's
 * colour limits (OBD: the verdict's reasons); the closed-loop timeline; and the actions the user's
 * role may take in this state, each asking for exactly what it needs.
 */
export class AlertDetailView {
  readonly root: HTMLElement;
  private readonly levelChip: HTMLElement;
  private readonly drillTag: HTMLElement;
  private readonly title: HTMLElement;
  private readonly sub: HTMLElement;
  private readonly facts: HTMLElement;
  private readonly chart: AlertChartView;
  private readonly timelineBox: HTMLElement;
  private readonly actionsBar: HTMLElement;
  private readonly formBox: HTMLElement;
  private readonly actionMessage: HTMLElement;
  private id: string | null = null;
  private detail: AlertDetail | null = null;
  private rule: AlertRule | null = null;
  private loadSeq = 0;
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;
  private openAction: AlertAction | null = null;
  private actionsDrawn = '';

  constructor(private readonly center: AlertCenter, http: HttpClient, private readonly role: () => Role | null, nav: AlertDetailNav) {
    this.levelChip = h('span', { class: 'level-chip big' });
    this.drillTag = h('span', { class: 'drill-tag', text: t('alerts.drill') });
    this.title = h('h2', { class: 'alert-title', testid: 'alert-title' });
    const back = h('button', { class: 'btn ghost', testid: 'alert-back', text: `← ${t('alert.back')}`, attrs: { type: 'button' } });
    const close = h('button', { class: 'btn ghost close', testid: 'alert-close', text: '×', attrs: { type: 'button', title: t('alert.close'), 'aria-label': t('alert.close') } });
    back.addEventListener('click', () => nav.back());
    close.addEventListener('click', () => nav.close());
    this.sub = h('div', { class: 'alert-sub' });
    this.facts = h('dl', { class: 'alert-facts', testid: 'alert-facts' });

    this.chart = new AlertChartView(http);

    const timeline = subPanel('alert-timeline-panel', t('alert.timeline'));
    this.timelineBox = h('div', { class: 'timeline-box' });
    timeline.body.append(this.timelineBox);

    const actions = subPanel('alert-actions-panel', t('alert.actions'));
    this.actionsBar = h('div', { class: 'action-bar', testid: 'alert-actions' });
    this.formBox = h('div', { class: 'action-form-box' });
    this.actionMessage = h('p', { class: 'action-message', testid: 'alert-action-message', attrs: { role: 'status' } });
    actions.body.append(this.actionsBar, this.formBox, this.actionMessage);
    this.actionsBar.addEventListener('click', (e) => {
      const action = (e.target as Element).closest<HTMLElement>('[data-action]')?.dataset.action as AlertAction | undefined;
      if (action) this.startAction(action);
    });

    this.root = h('section', { class: 'alert-detail', testid: 'alert-detail' },
      h('header', { class: 'alert-detail-head' }, this.levelChip, this.drillTag, this.title, back, close),
      this.sub,
      h('div', { class: 'alert-detail-grid' },
        h('div', { class: 'alert-detail-main' }, this.facts, this.chart.root),
        h('div', { class: 'alert-detail-side' }, actions.root, timeline.root)));
  }

  get alertId(): string | null {
    return this.id;
  }

  open(id: string): void {
    if (this.id !== id) {
      this.id = id;
      this.detail = null;
      this.rule = null;
      this.chart.reset();
      this.openAction = null;
      this.actionsDrawn = '';
      this.formBox.replaceChildren();
      setText(this.actionMessage, '');
      // Show what the feed knows at once; the full detail follows.
      const known = this.center.feed.get(id) ?? this.center.list.items.find((a) => a.id === id);
      this.drawAlert(known ?? null, Date.now());
      this.timelineBox.replaceChildren(h('p', { class: 'empty', text: t('alert.loading') }));
    }
    void this.load();
  }

  /** Socket updates: the shown alert redraws now; its steps and readings are re-read shortly. */
  onAlerts(alerts: readonly Alert[]): void {
    const a = this.id ? alerts.find((x) => x.id === this.id) : undefined;
    if (!a || !this.detail) return;
    if (Date.parse(a.updatedAt) < Date.parse(this.detail.alert.updatedAt)) return;
    this.detail = { ...this.detail, alert: a };
    this.drawAlert(a, Date.now());
    this.refreshSoon();
  }

  render(now: number): void {
    if (this.detail) this.drawAlert(this.detail.alert, now);
  }

  dispose(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.chart.dispose();
  }

  private refreshSoon(): void {
    if (this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      void this.load();
    }, REFRESH_MS);
  }

  private async load(): Promise<void> {
    const id = this.id;
    if (!id) return;
    const seq = ++this.loadSeq;
    try {
      const detail = await this.center.api.detail(id);
      if (seq !== this.loadSeq || id !== this.id) return;
      this.show(detail);
      this.rule ??= await this.center.ruleOf(detail.alert);
      if (id === this.id) await this.chart.show(detail, this.rule);
    } catch (e) {
      if (seq !== this.loadSeq || id !== this.id) return;
      setAttr(this.root, 'data-error', message(e));
      if (!this.detail) this.timelineBox.replaceChildren(h('p', { class: 'form-error', text: t('alert.loadFailed', { error: message(e) }) }));
    }
  }

  private show(detail: AlertDetail): void {
    this.detail = detail;
    this.root.removeAttribute('data-error');
    if (this.center.unit(detail.alert.unitId) === undefined && detail.alert.unitId) void this.center.loadUnits();
    this.drawAlert(detail.alert, Date.now());
    this.timelineBox.replaceChildren(alertTimeline(detail.steps, { unitName: (id) => this.unitName(id), download: (a) => void this.download(a) }));
    setAttr(this.root, 'data-steps', String(detail.steps.length));
  }

  private unitName(id: string | null): string {
    const u = this.center.unit(id);
    return u ? `${u.name} · ${t(UNIT_TIER_KEY[u.tier])}` : (id ?? t('alert.noUnit'));
  }

  private drawAlert(a: Alert | null, now: number): void {
    setAttr(this.root, 'data-alert-id', this.id ?? '');
    if (!a) {
      setText(this.title, t('alert.loading'));
      return;
    }
    setAttr(this.root, 'data-state', a.state);
    setAttr(this.root, 'data-level', a.level);
    setAttr(this.root, 'class', `alert-detail level-${a.level}${a.drill ? ' drill' : ''}`);
    setText(this.levelChip, t(LEVEL_KEY[a.level]));
    this.drillTag.hidden = !a.drill;
    setText(this.title, a.title);
    const sub = [t(RULE_KIND_KEY[a.ruleKind]), a.ruleName, a.deviceId ?? '', `${t('alert.raisedAt')} ${formatDateTime(Date.parse(a.raisedAt))}`].filter(Boolean).join(' · ');
    const state = h('span', { class: `state-tag state-${a.state}`, testid: 'alert-state', text: t(STATE_KEY[a.state]), attrs: { 'data-state': a.state } });
    const key = `${a.state}|${sub}`;
    if (this.sub.dataset.key !== key) {
      this.sub.dataset.key = key;
      this.sub.replaceChildren(state, h('span', { text: sub }));
    }

    const due = dueText(a, now, t);
    const overdue = a.overdue || (a.dueAt !== null && Date.parse(a.dueAt) < now);
    const rows: [string, string, string?][] = [
      [t('alert.measure'), measureText(a.measure, a.ruleKind), 'measure'],
      [t('alert.basis'), a.measure.basis ?? '—', 'basis'],
      [t('alert.peak'), `${t(LEVEL_KEY[a.peakLevel])} · ${measureText(a.peak, a.ruleKind)}`, 'peak'],
      [t('alert.condition'), a.active ? t('alert.active') : t('alert.cleared'), a.active ? 'active' : 'cleared'],
      [t('alert.unit'), a.unitId ? this.unitName(a.unitId) : t('alert.noUnit'), 'unit'],
      [t('alert.due'), a.dueAt ? `${formatDateTime(Date.parse(a.dueAt)).slice(0, 16)} · ${due ?? ''}` : t('alert.noDue'), overdue ? 'overdue' : 'due'],
      [t('alert.escalations'), String(a.escalations), a.escalations > 0 ? 'escalated' : 'escalations'],
      [t('alert.occurrences'), String(a.occurrences), 'occurrences'],
    ];
    const factsKey = rows.map((r) => r.join('~')).join('|');
    if (this.facts.dataset.key !== factsKey) {
      this.facts.dataset.key = factsKey;
      this.facts.replaceChildren(...rows.map(([label, value, cls]) => h('div', { class: `fact fact-${cls ?? ''}`, testid: `alert-fact-${cls ?? ''}` }, h('dt', { text: label }), h('dd', { text: value }))));
    }
    setAttr(this.root, 'data-overdue', String(overdue));
    this.drawActions(a);
  }

  private drawActions(a: Alert): void {
    const role = this.role();
    const available = role ? actionsAvailable(a.state, role) : [];
    const key = `${getLocale()}|${a.state}|${available.join(',')}|${this.openAction ?? ''}`;
    if (key === this.actionsDrawn) return;
    this.actionsDrawn = key;
    if (this.openAction && !available.includes(this.openAction)) {
      this.openAction = null;
      this.formBox.replaceChildren();
    }
    this.actionsBar.replaceChildren(
      ...(available.length === 0
        ? [h('span', { class: 'muted', text: t('action.none') })]
        : available.map((action) =>
            h('button', {
              class: `btn action-btn action-${action}${action === this.openAction ? ' active' : ''}`,
              testid: 'alert-action',
              text: t(ACTION_KEY[action]),
              attrs: { type: 'button', 'data-action': action },
            }),
          )),
    );
  }

  private startAction(action: AlertAction): void {
    const alert = this.detail?.alert;
    if (!alert || !this.id) return;
    setText(this.actionMessage, '');
    // Nothing to ask (acknowledge, start rectification): one click does it.
    if (ALERT_TRANSITIONS[action].needs.length === 0) {
      const button = this.actionsBar.querySelector<HTMLButtonElement>(`[data-action="${action}"]`);
      if (button) button.disabled = true;
      this.submit({ action }).catch((e: unknown) => {
        if (button) button.disabled = false;
        setText(this.actionMessage, message(e));
        setAttr(this.actionMessage, 'data-kind', 'error');
      });
      return;
    }
    this.openAction = this.openAction === action ? null : action;
    this.actionsDrawn = '';
    this.drawActions(alert);
    if (!this.openAction) {
      this.formBox.replaceChildren();
      return;
    }
    if (ALERT_TRANSITIONS[action].needs.includes('unitId') && this.center.units.length === 0) void this.center.loadUnits().then(() => this.openAction === action && this.renderForm(action));
    this.renderForm(action);
  }

  private renderForm(action: AlertAction): void {
    const alert = this.detail?.alert;
    const id = this.id;
    if (!alert || !id) return;
    this.formBox.replaceChildren(
      actionForm({
        action,
        level: alert.level,
        units: this.center.units,
        upload: (file) => this.center.api.upload(id, file, file.name),
        submit: (request) => this.submit(request),
        cancel: () => {
          this.openAction = null;
          this.actionsDrawn = '';
          this.formBox.replaceChildren();
          this.drawActions(alert);
        },
      }),
    );
    this.formBox.querySelector<HTMLElement>('select, textarea')?.focus();
  }

  /** Sends an action; the answer is the new detail. Refusals carry the server's own message. */
  private async submit(request: AlertActionRequest): Promise<void> {
    const id = this.id;
    if (!id) return;
    try {
      const detail = await this.center.api.act(id, request);
      this.center.applyOwn(detail.alert);
      if (id !== this.id) return;
      this.openAction = null;
      this.actionsDrawn = '';
      this.formBox.replaceChildren();
      this.loadSeq++;
      this.show(detail);
      setText(this.actionMessage, `✓ ${t(ACTION_KEY[request.action])}`);
      setAttr(this.actionMessage, 'data-kind', 'ok');
    } catch (e) {
      const text = e instanceof AlertApiError && (e.status === 403 || e.status === 409) ? t('action.refused', { error: e.message }) : t('action.failed', { error: message(e) });
      throw new Error(text);
    }
  }

  private async download(a: AlertAttachment): Promise<void> {
    try {
      const blob = await this.center.api.download(a.alertId, a.id);
      const url = URL.createObjectURL(blob);
      const link = h('a', { attrs: { href: url, download: a.fileName } });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 30_000);
    } catch (e) {
      setText(this.actionMessage, t('alert.loadFailed', { error: message(e) }));
      setAttr(this.actionMessage, 'data-kind', 'error');
    }
  }
}
