import { Injectable, Logger } from '@nestjs/common';
import type { Alert } from '@tianyan/contracts';

export type AlertEventKind = 'raised' | 'updated';
type AlertListener = (kind: AlertEventKind, alerts: Alert[]) => void;

/** Where committed alert changes meet their listeners (the live gateway): neither knows the other. */
@Injectable()
export class AlertEventBus {
  private readonly logger = new Logger(AlertEventBus.name);
  private readonly listeners = new Set<AlertListener>();

  publish(kind: AlertEventKind, alerts: Alert[]): void {
    for (const listener of this.listeners) {
      try {
        listener(kind, alerts);
      } catch (err) {
        this.logger.error(`alert listener failed: ${(err as Error).message}`);
      }
    }
  }

  /** Returns a function that removes the listener. */
  subscribe(listener: AlertListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
