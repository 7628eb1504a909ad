import type { Alert } from '@tianyan/contracts';
import type { AlertEventKind } from '../alerts/alert-event-bus';

/**
 * Updates that only move an alert's figures (value, peak, occurrences, title, position, times) are
 * pushed together at most this often; any other change goes on the next tick.
 */
export const ALERT_FIGURES_INTERVAL_MS = 1000;
/** Alerts whose last pushed significant fields are remembered; an alert beyond them counts as changed. */
const REMEMBERED_ALERTS = 10_000;

/** What a person acts on: a change here is pushed at once (colour, lifecycle, deadline, owner). */
const SIGNIFICANT: readonly (keyof Alert)[] = ['level', 'peakLevel', 'state', 'active', 'overdue', 'escalations', 'unitId', 'dueAt', 'drill', 'importedAt'];

export interface AlertPush {
  raised: Alert[];
  updated: Alert[];
}

/**
 * Alert changes on their way to the screens, at most one push of each kind per gateway tick. New
 * alerts and changes a person acts on leave on the next tick. Updates that merely move figures (a
 * storm of merged findings touches hundreds of alerts a second, each a frame to every screen) wait
 * and leave together at most once per ALERT_FIGURES_INTERVAL_MS, each alert once, in its newest
 * version: nothing is dropped, only merged. The database and the REST list see every change.
 */
export class AlertOutbox {
  private readonly raised = new Map<string, Alert>();
  private readonly updated = new Map<string, Alert>();
  /** Significant fields of each alert as last pushed, oldest first (bounded by REMEMBERED_ALERTS). */
  private readonly pushed = new Map<string, string>();
  private figuresPushedAt = -Infinity;

  offer(kind: AlertEventKind, alerts: readonly Alert[]): void {
    for (const alert of alerts) {
      // A raise not yet pushed takes the newest version and stays a raise.
      if (kind === 'raised' || this.raised.has(alert.id)) {
        this.raised.set(alert.id, alert);
        this.updated.delete(alert.id);
      } else this.updated.set(alert.id, alert);
    }
  }

  /** What to push now; empty lists when nothing is due. */
  take(now: number): AlertPush {
    const raised = [...this.raised.values()];
    this.raised.clear();
    const figuresDue = now - this.figuresPushedAt >= ALERT_FIGURES_INTERVAL_MS;
    const updated: Alert[] = [];
    let figuresOnly = false;
    for (const [id, alert] of this.updated) {
      const significantChange = this.pushed.get(id) !== significantOf(alert);
      if (!significantChange && !figuresDue) continue;
      figuresOnly ||= !significantChange;
      updated.push(alert);
      this.updated.delete(id);
    }
    if (figuresOnly) this.figuresPushedAt = now;
    for (const alert of raised) this.remember(alert);
    for (const alert of updated) this.remember(alert);
    return { raised, updated };
  }

  private remember(alert: Alert): void {
    this.pushed.delete(alert.id);
    this.pushed.set(alert.id, significantOf(alert));
    if (this.pushed.size > REMEMBERED_ALERTS) this.pushed.delete(this.pushed.keys().next().value!);
  }
}

function significantOf(alert: Alert): string {
  return JSON.stringify(SIGNIFICANT.map((key) => alert[key] ?? null));
}
