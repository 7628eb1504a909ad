import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { isOpenAlertState, type Alert, type AlertReadingLink, type AlertStep, type WebhookEvent } from '@tianyan/contracts';
import { AlertRepository, type AlertWrite } from '@tianyan/storage';
import { WebhookNotifier } from '../notifications/webhook-notifier.service';
import { AlertEventBus } from './alert-event-bus';

/** One alert's changes waiting to be written; later changes merge into it (the row is a snapshot). */
interface PendingWrite {
  insert: boolean;
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
 * a person's step never races the engine's refresh). The pending writes of all alerts go to the
 * database together, one batch (one transaction) at a time, so a burst of alerts costs a few round
 * trips rather than five each. A change is published live and notified only once committed.
 *
 * A failed batch committed nothing; its alerts are then written one by one, each retried with
 * backoff and never dropped, and kept out of later batches until their own write succeeds: one
 * alert the database keeps refusing holds up only itself. Retries end when the app stops (the
 * database goes with it): each alert still refused is logged by id.
 */
@Injectable()
export class AlertRecorder implements OnApplicationShutdown {
  private readonly logger = new Logger(AlertRecorder.name);
  private readonly open = new Map<string, Alert>();
  /** The next write of each alert, in the order the alerts first changed; taken by a batch. */
  private readonly pending = new Map<string, PendingWrite>();
  /** Alerts being written alone after a failed batch. */
  private readonly alone = new Set<string>();
  private flushing = false;
  private stopping = false;

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
    const write = this.pending.get(alert.id) ?? this.newPending(alert);
    write.insert ||= change.insert ?? false;
    write.alert = alert;
    write.steps.push(...(change.steps ?? []));
    write.readings.push(...(change.readings ?? []));
    for (const event of change.notify ?? []) if (!write.notify.includes(event)) write.notify.push(event);
    const done = new Promise<void>((resolve) => write.waiters.push(resolve));
    this.flushSoon();
    return done;
  }

  /** The app is stopping: writes in flight finish, but a refused alert is not retried again. */
  onApplicationShutdown(): void {
    this.stopping = true;
  }

  /** Resolves when every queued write has committed, or, once stopping, has been given up (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.flushing || this.pending.size > 0 || this.alone.size > 0) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  private newPending(alert: Alert): PendingWrite {
    const write: PendingWrite = { insert: false, alert, steps: [], readings: [], notify: [], waiters: [] };
    this.pending.set(alert.id, write);
    return write;
  }

  private flushSoon(): void {
    if (this.flushing) return;
    this.flushing = true;
    // After the current task: the engine records a tick's changes in one loop, and they share a batch.
    queueMicrotask(() => void this.flush());
  }

  /** Writes batches until nothing (but alerts written alone) is pending. */
  private async flush(): Promise<void> {
    try {
      for (let batch = this.takeBatch(); batch.length > 0; batch = this.takeBatch()) await this.writeBatch(batch);
    } finally {
      this.flushing = false;
    }
  }

  private async writeBatch(batch: PendingWrite[]): Promise<void> {
    try {
      await this.alerts.writeMany(batch.map(toAlertWrite));
    } catch (err) {
      this.logger.warn(`storing ${batch.length} alert changes together failed, storing them one by one: ${(err as Error).message}`);
      for (const write of batch) void this.writeAlone(write);
      return;
    }
    this.committed(batch);
  }

  private takeBatch(): PendingWrite[] {
    const batch: PendingWrite[] = [];
    for (const [id, write] of this.pending) {
      if (this.alone.has(id)) continue;
      batch.push(write);
      this.pending.delete(id);
    }
    return batch;
  }

  private async writeAlone(write: PendingWrite): Promise<void> {
    const { id } = write.alert;
    this.alone.add(id);
    for (let attempt = 0; ; attempt++) {
      try {
        await this.alerts.writeMany([toAlertWrite(write)]);
        if (attempt > 0) this.logger.log(`alert ${id} stored after ${attempt} retries`);
        break;
      } catch (err) {
        if (this.stopping) {
          this.logger.error(`alert ${id} not stored: the app is stopping (attempt ${attempt + 1} failed: ${(err as Error).message})`);
          this.alone.delete(id);
          return;
        }
        const delay = Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** attempt);
        this.logger.error(`storing alert ${id} failed (attempt ${attempt + 1}), retrying in ${delay} ms: ${(err as Error).message}`);
        // Unref'd: a retry never keeps a stopping process alive.
        await new Promise((resolve) => setTimeout(resolve, delay).unref());
      }
    }
    this.committed([write]);
    this.alone.delete(id);
    // Its changes since then wait for the next batch.
    if (this.pending.has(id)) this.flushSoon();
  }

  private committed(writes: readonly PendingWrite[]): void {
    const raised = writes.filter((w) => w.insert).map((w) => w.alert);
    const updated = writes.filter((w) => !w.insert).map((w) => w.alert);
    if (raised.length > 0) this.events.publish('raised', raised);
    if (updated.length > 0) this.events.publish('updated', updated);
    const notices = writes.flatMap((w) => w.notify.map((event) => ({ event, alert: w.alert })));
    if (notices.length > 0) {
      this.notifier.notifyMany(notices).catch((err: Error) => this.logger.warn(`notifying ${notices.length} alert events failed: ${err.message}`));
    }
    for (const write of writes) for (const wake of write.waiters) wake();
  }
}

function toAlertWrite({ alert, insert, steps, readings }: PendingWrite): AlertWrite {
  return { alert, insert, steps, readings };
}
