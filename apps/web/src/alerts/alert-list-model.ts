import type { Alert, Page } from '@tianyan/contracts';
import type { AlertEvent } from './alarm-policy';
import { isNewerOrSame } from './alert-feed';
import { DEFAULT_ALERT_FILTER, matchesAlertFilter, type AlertFilter } from './alert-filter';

const newestFirst = (a: Alert, b: Alert) => Date.parse(b.raisedAt) - Date.parse(a.raisedAt);

/**
 * One page of the alert list (newest raise first, as the API sorts it) kept current by the socket:
 * a changed alert is updated in its row, or leaves the page when it no longer matches the filter; a
 * matching alert that sorts into the first page joins it. Holds one page: memory stays bounded.
 */
export class AlertListModel {
  filter: AlertFilter = DEFAULT_ALERT_FILTER;
  offset = 0;
  items: Alert[] = [];
  total = 0;
  loaded = false;
  /** Changes on every change, so a view can skip redraws. */
  version = 0;

  constructor(readonly limit = 50) {}

  /** A page from `GET /api/alerts`, fetched for `filter` at `offset`. */
  setPage(page: Page<Alert>, filter: AlertFilter, offset: number): void {
    this.filter = filter;
    this.offset = offset;
    this.items = page.items.slice(0, this.limit);
    this.total = page.total;
    this.loaded = true;
    this.version++;
  }

  /** Socket events; true when the page changed. */
  applyLive(event: AlertEvent, alerts: readonly Alert[]): boolean {
    if (!this.loaded) return false;
    let changed = false;
    for (const a of alerts) {
      const i = this.items.findIndex((x) => x.id === a.id);
      const matches = matchesAlertFilter(a, this.filter);
      if (i >= 0) {
        if (!isNewerOrSame(a, this.items[i])) continue;
        if (matches) this.items[i] = a;
        else {
          this.items.splice(i, 1);
          this.total = Math.max(0, this.total - 1);
        }
        changed = true;
      } else if (matches) {
        // An alert new to the page: new ones count in the total wherever they land; on the first
        // page it shows when it sorts among the rows held (or the page has room).
        const last = this.items[this.items.length - 1];
        const sortsIn = this.offset === 0 && (this.items.length < this.limit || !last || newestFirst(a, last) <= 0);
        if (event === 'alert:raised' || sortsIn) {
          this.total++;
          changed = true;
        }
        if (sortsIn) {
          this.items.push(a);
          this.items.sort(newestFirst);
          if (this.items.length > this.limit) this.items.length = this.limit;
        }
      }
    }
    if (changed) this.version++;
    return changed;
  }

  get pageCount(): number {
    return Math.max(1, Math.ceil(this.total / this.limit));
  }

  get pageIndex(): number {
    return Math.floor(this.offset / this.limit);
  }
}
