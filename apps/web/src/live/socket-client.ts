import { io, type Socket } from 'socket.io-client';
import { unpackReadings } from '@tianyan/contracts';
import type {
  Alert, ClientToServerEvents, DeviceReading, LiveSubscription, LiveSubscriptionReply, ReplayAlertEvent, ReplayClock, ReplayControl, ReplayReply, ReplayStart, ServerToClientEvents,
  SituationSnapshot,
} from '@tianyan/contracts';
import type { ConnectionState } from '../state/fleet-store';
import { accessTokenRejected, currentAccessToken } from '../api/access-token';

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type AlertEventName = 'alert:raised' | 'alert:updated';

export interface LiveClientHandlers {
  /** A batch of live readings and status changes (the `readings` event). */
  onReadings(readings: readonly DeviceReading[]): void;
  onConnectionState(state: ConnectionState): void;
  /** Called after every (re)subscription: the place to backfill what was missed while away. */
  onSubscribed?(reply: Extract<LiveSubscriptionReply, { ok: true }>, reconnected: boolean): void;
  onError?(message: string): void;
  /** Alert events: every signed-in socket gets them, never coalesced (a raise may sound the alarm). */
  onAlerts?(alerts: readonly Alert[], event: AlertEventName): void;
  /** Replay events of the replay this socket started (device-time order). */
  onReplayReadings?(readings: readonly DeviceReading[]): void;
  onReplayAlerts?(events: readonly ReplayAlertEvent[]): void;
  onReplayClock?(clock: ReplayClock, ended: boolean): void;
  /** `situation:update` (room `situation`, joined by the server on connect): one incident's picture. */
  onSituation?(snapshot: SituationSnapshot): void;
  /** The replay's stored situation snapshots at their device time. */
  onReplaySituation?(snapshots: readonly SituationSnapshot[]): void;
}

export interface LiveClientOptions {
  /** Same origin when omitted (default Socket.IO path `/socket.io`). */
  url?: string;
  subscription: LiveSubscription;
  ackTimeoutMs?: number;
}

const ALERT_EVENTS = ['alert:raised', 'alert:updated'] as const satisfies readonly AlertEventName[];

/**
 * The one socket of the screen, typed with the contracts' event maps. It (re)subscribes after
 * every connect, since rooms do not survive a reconnect, and hands reading batches to the store.
 */
export class LiveClient {
  private readonly socket: LiveSocket;
  private connectedBefore = false;

  constructor(private readonly options: LiveClientOptions, private readonly handlers: LiveClientHandlers) {
    const socketOptions = {
      autoConnect: false,
      transports: ['websocket', 'polling'],
      reconnectionDelayMax: 5000,
      // Asked again on every (re)connect, so a refreshed token is used.
      auth: (cb: (data: object) => void) => void currentAccessToken().then((token) => cb(token ? { token } : {}), () => cb({})),
    };
    this.socket = options.url ? io(options.url, socketOptions) : io(socketOptions);

    this.socket.on('readings', (frame) => {
      const readings = unpackReadings(frame);
      if (readings.length > 0) handlers.onReadings(readings);
    });
    for (const event of ALERT_EVENTS) {
      this.socket.on(event, (alerts: Alert[]) => {
        if (Array.isArray(alerts) && alerts.length > 0) handlers.onAlerts?.(alerts, event);
      });
    }
    this.socket.on('replay:readings', (frame) => {
      const readings = unpackReadings(frame);
      if (readings.length > 0) handlers.onReplayReadings?.(readings);
    });
    this.socket.on('replay:alerts', (events) => {
      if (Array.isArray(events) && events.length > 0) handlers.onReplayAlerts?.(events);
    });
    this.socket.on('situation:update', (snapshot) => {
      if (snapshot && typeof snapshot === 'object') handlers.onSituation?.(snapshot);
    });
    this.socket.on('replay:situation', (snapshots) => {
      if (Array.isArray(snapshots) && snapshots.length > 0) handlers.onReplaySituation?.(snapshots);
    });
    this.socket.on('replay:clock', (clock) => handlers.onReplayClock?.(clock, false));
    this.socket.on('replay:end', (clock) => handlers.onReplayClock?.(clock, true));
    this.socket.on('connect', () => this.subscribe());
    this.socket.on('disconnect', (reason) => {
      // 'io client disconnect' is ours; anything else the manager retries, except the server ending
      // the connection (its access token expired): connect again, with a refreshed token.
      handlers.onConnectionState(reason === 'io client disconnect' ? 'disconnected' : 'reconnecting');
      if (reason === 'io server disconnect') setTimeout(() => this.socket.connect(), 500);
    });
    this.socket.on('connect_error', (err) => {
      handlers.onConnectionState(this.connectedBefore ? 'reconnecting' : 'connecting');
      handlers.onError?.(`socket: ${err.message}`);
      // The handshake refused the token (the manager does not retry that): refresh, then try again.
      if (err.message.startsWith('unauthorized')) {
        void accessTokenRejected().then((renewed) => {
          if (renewed) setTimeout(() => this.socket.connect(), 500);
        });
      }
    });
  }

  connect(): void {
    this.handlers.onConnectionState('connecting');
    this.socket.connect();
  }

  close(): void {
    this.socket.disconnect();
  }

  /** Live rooms to follow from now on (all, or one incident's); sent again on every reconnect. */
  setRooms(rooms: LiveSubscription['rooms']): void {
    const previous = this.options.subscription.rooms;
    if (previous.length === rooms.length && previous.every((r, i) => r === rooms[i])) return;
    this.options.subscription = { ...this.options.subscription, rooms };
    if (!this.socket.connected) return;
    // Rooms add up on the server: leave the old ones, then join the new ones.
    this.socket.timeout(this.options.ackTimeoutMs ?? 5000).emit('unsubscribe', { rooms: [...previous] }, () => this.subscribe());
  }

  replayStart(request: ReplayStart): Promise<ReplayReply> {
    return this.replayAck((ack) => this.socket.timeout(this.options.ackTimeoutMs ?? 5000).emit('replay:start', request, ack));
  }

  replayControl(request: ReplayControl): Promise<ReplayReply> {
    return this.replayAck((ack) => this.socket.timeout(this.options.ackTimeoutMs ?? 5000).emit('replay:control', request, ack));
  }

  replayStop(): Promise<ReplayReply> {
    return this.replayAck((ack) => this.socket.timeout(this.options.ackTimeoutMs ?? 5000).emit('replay:stop', {}, ack));
  }

  private replayAck(send: (ack: (err: Error | null, reply: ReplayReply) => void) => void): Promise<ReplayReply> {
    return new Promise((resolve) => send((err, reply) => resolve(err ? { ok: false, error: `no answer (${err.message})` } : reply)));
  }

  private subscribe(): void {
    const reconnected = this.connectedBefore;
    this.connectedBefore = true;
    this.socket.timeout(this.options.ackTimeoutMs ?? 5000).emit('subscribe', this.options.subscription, (err: Error | null, reply: LiveSubscriptionReply) => {
      if (err) {
        this.handlers.onError?.(`subscribe: no answer (${err.message})`);
        // Connected but unanswered: try again while the connection lasts.
        setTimeout(() => {
          if (this.socket.connected) this.subscribe();
        }, 2000);
        return;
      }
      if (!reply.ok) {
        this.handlers.onError?.(`subscribe refused: ${reply.error}`);
        this.handlers.onConnectionState('disconnected');
        return;
      }
      this.handlers.onConnectionState('live');
      this.handlers.onSubscribed?.(reply, reconnected);
    });
  }
}
