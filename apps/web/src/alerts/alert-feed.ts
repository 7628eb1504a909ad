import { ALERT_LEVELS, type AlertNotice } from './alert-events';

/**
 * The ticker's alerts: open ones (not closed), worst level first, then newest. Fed by the socket's
 * alert events; empty until the server sends any.
 */
export class AlertFeed {
  private readonly byId = new Map<string, AlertNotice>();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly capacity = 200) {}

  apply(alerts: readonly AlertNotice[]): void {
    for (const a of alerts) {
      if (a.state === 'closed' || a.state === 'lifted') this.byId.delete(a.id);
      else this.byId.set(a.id, a);
    }
    if (this.byId.size > this.capacity) {
      const keep = this.open().slice(0, this.capacity);
      this.byId.clear();
      for (const a of keep) this.byId.set(a.id, a);
    }
    for (const l of this.listeners) l();
  }

  open(): AlertNotice[] {
    return [...this.byId.values()].sort((a, b) => ALERT_LEVELS.indexOf(b.level) - ALERT_LEVELS.indexOf(a.level) || Date.parse(b.raisedAt) - Date.parse(a.raisedAt));
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
