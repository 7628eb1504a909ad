import type { Alert, ServerToClientEvents } from '@tianyan/contracts';

export { ALERT_LEVELS, type AlertLevel, type AlertState } from '@tianyan/contracts';
/** What the ticker shows of an alert: the alert as the server sent it. */
export type AlertNotice = Alert;
export type AlertServerEvents = Pick<ServerToClientEvents, 'alert:raised' | 'alert:updated'>;
export const ALERT_EVENTS = ['alert:raised', 'alert:updated'] as const satisfies readonly (keyof AlertServerEvents)[];
