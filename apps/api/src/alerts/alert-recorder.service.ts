import { Injectable, Logger } from '@nestjs/common';
import { isOpenAlertState, type Alert, type AlertReadingLink, type AlertStep, type WebhookEvent } from '@tianyan/contracts';
import { AlertRepository } from '@tianyan/storage';
import { WebhookNotifier } from '../notifications/webhook-notifier.service';
import { AlertEventBus } from './alert-event-bus';

/** One alert's changes waiting to be written; later changes merge into it (the row is a snapshot). */
interface PendingWrite {
  insert: boolean;
  inserted?: boolean;
  alert: Alert;
  steps: AlertStep[];
  readings: AlertReadingLink[];
  notify: WebhookEvent[];
  waiters: Array<() => void>;
}

const RETRY_MIN_MS = 100;
const RETRY_MAX_MS = 5000;

/**
 * Keeps the open alerts and writes every change of one: at most one write per alert in flight, the
 * changes that arrive meanwhile merged into the next (so a 10 Hz condition is not 10 writes/s, and
 * a person's step never races the engine's refresh). A change is published live and notified only
 * once committed; a failed write is retried with backoff, never dropped.
 */
@Injectable()
export class AlertRecorder {
  private readonly logger = new Logger(AlertRecorder.name);
  private readonly open = new Map<string, Alert>();
  private readonly queues = new Map<string, { running: boolean; next: PendingWrite | null }>();

  constructor(
    private readonly alerts: AlertRepository,
    private readonly events: AlertEventBus,
    private readonly notifier: WebhookNotifier,
  ) {}

  /** Loads the alerts open in the database (at start). */
  async loadOpen(): Promise<Alert[]> {
    const open = await this.alerts.listOpen();
    for (const alert of open) this.open.set(alert.id, alert);
    return open;
  }

  /** The current version of an alert: the open one in memory, else the stored one. */
  async current(id: string): Promise<Alert | null> {
    return this.open.get(id) ?? (await this.alerts.get(id));
  }

  openAlert(id: string): Alert | undefined {
    return this.open.get(id);
  }

  openAlerts(): Alert[] {
    return [...this.open.values()];
  }

  /**
   * Records a new or changed alert. Resolves once it is committed (callers that must not wait, like
   * the engine, ignore the promise).
   */
  record(change: { alert: Alert; insert?: boolean; steps?: AlertStep[]; readings?: AlertReadingLink[]; notify?: WebhookEvent[] }): Promise<void> {
    const { alert } = change;
    if (isOpenAlertState(alert.state)) this.open.set(alert.id, alert);
    else this.open.delete(alert.id);
    let queue = this.queues.get(alert.id);
    if (!queue) {
      queue = { running: false, next: null };
      this.queues.set(alert.id, queue);
    }
    const part = { insert: change.insert ?? false, alert, steps: change.steps ?? [], readings: change.readings ?? [], notify: change.notify ?? [] };
    const pending = queue.next;
    let done: Promise<void>;
    if (pending) {
      pending.insert ||= part.insert;
      pending.alert = alert;
      pending.steps.push(...part.steps);
      pending.readings.push(...part.readings);
      for (const event of part.notify) if (!pending.notify.includes(event)) pending.notify.push(event);
      done = new Promise((resolve) => pending.waiters.push(resolve));
    } else {
      const next: PendingWrite = { ...part, waiters: [] };
      queue.next = next;
      done = new Promise((resolve) => next.waiters.push(resolve));
    }
    if (!queue.running) void this.drain(alert.id, queue);
    return done;
  }

  private async drain(id: string, queue: { running: boolean; next: PendingWrite | null }): Promise<void> {
    queue.running = true;
    while (queue.next) {
      const write = queue.next;
      queue.next = null;
      await this.persist(write);
      this.events.publish(write.insert ? 'raised' : 'updated', [write.alert]);
      for (const event of write.notify) {
        this.notifier.notify(event, write.alert).catch((err: Error) => this.logger.warn(`notifying ${event} of alert ${id} failed: ${err.message}`));
      }
      for (const wake of write.waiters) wake();
    }
    queue.running = false;
    this.queues.delete(id);
  }

  private async persist(write: PendingWrite): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        if (write.insert && !write.inserted) {
          const [raised, ...rest] = write.steps;
          await this.alerts.insert(write.alert, raised!, write.readings);
          // A retry after this point must neither insert twice nor repeat what the insert wrote.
          write.inserted = true;
          write.steps = rest;
          write.readings = [];
          if (rest.length === 0) return;
        }
        await this.alerts.update(write.alert, write.steps, write.readings);
        if (attempt > 0) this.logger.log(`alert ${write.alert.id} stored after ${attempt} retries`);
        return;
      } catch (err) {
        const delay = Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** attempt);
        this.logger.error(`storing alert ${write.alert.id} failed (attempt ${attempt + 1}), retrying in ${delay} ms: ${(err as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  /** Resolves when every queued write has committed (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.queues.size > 0) await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
