import { type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import {
  ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway, WebSocketServer,
  type OnGatewayDisconnect,
} from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';
import {
  LIVE_RATE_HZ, liveSubscriptionSchema,
  type ClientToServerEvents, type DeviceReading, type LiveSubscriptionReply, type ServerToClientEvents,
  type DroneReading, type MsReading, type ObdReading, type StatusReading,
} from '@tianyan/contracts';
import { LiveBus } from '@tianyan/live';
import { LiveSubscriber } from './live-subscriber';

type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents>;
const TICK_MS = 25;

/**
 * Where a reading leaves for the browser: listens on the live bus, coalesces per client to the
 * rate it asked for, and emits one batch per kind and tick.
 */
@WebSocketGateway({ cors: { origin: true } })
export class LiveGateway implements OnModuleInit, OnModuleDestroy, OnGatewayDisconnect {
  private readonly subscribers = new Map<string, { socket: LiveSocket; subscriber: LiveSubscriber }>();
  private unsubscribeBus?: () => void;
  private ticker?: NodeJS.Timeout;

  @WebSocketServer() server!: Server<ClientToServerEvents, ServerToClientEvents>;

  constructor(private readonly bus: LiveBus) {}

  onModuleInit(): void {
    this.unsubscribeBus = this.bus.onReadings((readings) => this.offer(readings));
    this.ticker = setInterval(() => this.flush(), TICK_MS);
  }

  onModuleDestroy(): void {
    this.unsubscribeBus?.();
    clearInterval(this.ticker);
  }

  get clientCount(): number {
    return this.subscribers.size;
  }

  @SubscribeMessage('subscribe')
  subscribe(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown): LiveSubscriptionReply {
    const parsed = liveSubscriptionSchema.safeParse(body);
    if (!parsed.success) return { ok: false, error: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
    const maxHz = parsed.data.maxHz ?? LIVE_RATE_HZ.default;
    const existing = this.subscribers.get(socket.id)?.subscriber;
    const rooms = new Set([...(existing?.roomList ?? []), ...parsed.data.rooms]);
    const subscriber = new LiveSubscriber(rooms, 1000 / maxHz);
    this.subscribers.set(socket.id, { socket, subscriber });
    void socket.join([...rooms]);
    return { ok: true, rooms: [...rooms], maxHz };
  }

  @SubscribeMessage('unsubscribe')
  unsubscribe(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: { rooms?: unknown }): LiveSubscriptionReply {
    const entry = this.subscribers.get(socket.id);
    const leaving = Array.isArray(body?.rooms) ? body.rooms.filter((r): r is string => typeof r === 'string') : [];
    if (!entry) return { ok: false, error: 'not subscribed' };
    const rooms = new Set(entry.subscriber.roomList.filter((r) => !leaving.includes(r)));
    entry.subscriber.watch(rooms);
    for (const room of leaving) void socket.leave(room);
    return { ok: true, rooms: [...rooms], maxHz: 1000 / entry.subscriber.intervalMs };
  }

  handleDisconnect(socket: LiveSocket): void {
    this.subscribers.delete(socket.id);
  }

  private offer(readings: DeviceReading[]): void {
    for (const { subscriber } of this.subscribers.values()) {
      for (const reading of readings) subscriber.offer(reading);
    }
  }

  private flush(): void {
    const now = Date.now();
    for (const { socket, subscriber } of this.subscribers.values()) {
      const due = subscriber.takeDue(now);
      if (due) emitByKind(socket, due);
    }
  }
}

function emitByKind(socket: LiveSocket, readings: DeviceReading[]): void {
  const drone: DroneReading[] = [];
  const ms: MsReading[] = [];
  const obd: ObdReading[] = [];
  const status: StatusReading[] = [];
  for (const r of readings) {
    if (r.channel === 'status') status.push(r as StatusReading);
    else if (r.kind === 'drone') drone.push(r as DroneReading);
    else if (r.kind === 'ms') ms.push(r as MsReading);
    else obd.push(r as ObdReading);
  }
  if (status.length) socket.emit('device:status', status);
  if (drone.length) socket.emit('reading:drone', drone);
  if (ms.length) socket.emit('reading:ms', ms);
  if (obd.length) socket.emit('reading:obd', obd);
}
