import { UseGuards, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import {
  ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway, WebSocketServer,
  type OnGatewayConnection, type OnGatewayDisconnect, type OnGatewayInit,
} from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';
import {
  ALERTS_ROOM, LIVE_RATE_HZ, liveSubscriptionSchema, minimumRoleForRoom, roleAtLeast,
  type ClientToServerEvents, type DeviceReading, type LiveSubscriptionReply, type ServerToClientEvents,
  type DroneReading, type MsReading, type ObdReading, type StatusReading,
} from '@tianyan/contracts';
import { LiveBus } from '@tianyan/live';
import { AlertEventBus } from '../alerts/alert-event-bus';
import { Roles } from '../auth/access.decorators';
import { AuditService } from '../audit/audit.service';
import { AuthService } from '../auth/auth.service';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { IncidentDeviceCache } from '../incidents/incident-device-cache';
import { LiveSubscriber } from './live-subscriber';
import { WsRolesGuard } from './ws-roles.guard';

type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, { user?: AuthenticatedUser }>;
const TICK_MS = 25;
const INCIDENT = 'incident:';
/**
 * Engine.IO packets a client may have waiting before it gets no new readings: a slow client keeps
 * only the newest reading per device and stream until it catches up. Alerts are always queued.
 */
const MAX_BUFFERED_PACKETS = 64;

/**
 * Where a reading leaves for the browser: listens on the live bus, coalesces per client to the
 * rate it asked for, and emits one batch per kind and tick. The handshake must carry a valid access
 * token (`auth: { token }`); a client joins only rooms its role allows (`minimumRoleForRoom`), and
 * events marked `@Roles(...)` are checked by WsRolesGuard. CORS comes from the adapter (configure-app).
 * Alerts go to every signed-in socket (room `alerts`) the moment they are committed, ahead of the
 * coalesced readings, and are never dropped for a slow client. A room `incident:<id>` takes the
 * readings of the devices deployed to that incident now (IncidentDeviceCache).
 */
@WebSocketGateway()
@UseGuards(WsRolesGuard)
export class LiveGateway implements OnGatewayInit, OnModuleInit, OnModuleDestroy, OnGatewayConnection, OnGatewayDisconnect {
  private readonly subscribers = new Map<string, { socket: LiveSocket; subscriber: LiveSubscriber }>();
  private unsubscribeBus?: () => void;
  private ticker?: NodeJS.Timeout;
  private unsubscribeAudit?: () => void;
  private unsubscribeAlerts?: () => void;
  private readonly expiryTimers = new Map<string, NodeJS.Timeout>();

  @WebSocketServer() server!: Server<ClientToServerEvents, ServerToClientEvents>;

  constructor(
    private readonly bus: LiveBus,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
    private readonly alertEvents: AlertEventBus,
    private readonly incidentDevices: IncidentDeviceCache,
  ) {}

  /** Refuses a connection without a valid access token; ends it when the token expires. */
  afterInit(server: Server<ClientToServerEvents, ServerToClientEvents>): void {
    server.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      this.auth.verifyAccessToken(typeof token === 'string' ? token : null).then(
        (user) => {
          if (!user) return next(new Error('unauthorized: sign in and pass auth.token'));
          (socket as LiveSocket).data.user = user;
          // The client reconnects with a refreshed token (its auth callback is asked again).
          const timer = setTimeout(() => socket.disconnect(true), Math.max(0, user.expiresAt - Date.now()));
          timer.unref();
          this.expiryTimers.set(socket.id, timer);
          next();
        },
        () => next(new Error('unauthorized')),
      );
    });
  }

  onModuleInit(): void {
    this.unsubscribeBus = this.bus.onReadings((readings) => this.offer(readings));
    this.unsubscribeAudit = this.audit.onEntry((entry) => this.server?.to('admin:audit').emit('audit:entry', entry));
    this.unsubscribeAlerts = this.alertEvents.subscribe((kind, alerts) =>
      this.server?.to(ALERTS_ROOM).emit(kind === 'raised' ? 'alert:raised' : 'alert:updated', alerts),
    );
    this.ticker = setInterval(() => this.flush(), TICK_MS);
  }

  handleConnection(socket: LiveSocket): void {
    void socket.join(ALERTS_ROOM);
  }

  onModuleDestroy(): void {
    this.unsubscribeBus?.();
    this.unsubscribeAudit?.();
    this.unsubscribeAlerts?.();
    clearInterval(this.ticker);
    for (const timer of this.expiryTimers.values()) clearTimeout(timer);
  }

  get clientCount(): number {
    return this.subscribers.size;
  }

  @SubscribeMessage('subscribe')
  @Roles('viewer')
  async subscribe(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown): Promise<LiveSubscriptionReply> {
    const parsed = liveSubscriptionSchema.safeParse(body);
    if (!parsed.success) return { ok: false, error: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
    const role = socket.data.user?.role;
    const refused = parsed.data.rooms.filter((room) => !role || !roleAtLeast(role, minimumRoleForRoom(room)));
    if (refused.length > 0) return { ok: false, error: `forbidden: ${refused.map((r) => `${r} needs role ${minimumRoleForRoom(r)}`).join('; ')}` };
    const maxHz = parsed.data.maxHz ?? LIVE_RATE_HZ.default;
    const existing = this.subscribers.get(socket.id)?.subscriber;
    const rooms = new Set([...(existing?.roomList ?? []), ...parsed.data.rooms]);
    const before = new Set(existing?.roomList);
    // Loaded before the reply, so the client's first readings already honour the filter.
    await Promise.all(incidentsOf([...rooms].filter((r) => !before.has(r))).map((id) => this.incidentDevices.watch(id)));
    const subscriber = new LiveSubscriber(rooms, 1000 / maxHz, (id) => this.incidentDevices.devicesOf(id));
    this.subscribers.set(socket.id, { socket, subscriber });
    void socket.join([...rooms]);
    return { ok: true, rooms: [...rooms], maxHz };
  }

  @SubscribeMessage('unsubscribe')
  @Roles('viewer')
  unsubscribe(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: { rooms?: unknown }): LiveSubscriptionReply {
    const entry = this.subscribers.get(socket.id);
    const leaving = Array.isArray(body?.rooms) ? body.rooms.filter((r): r is string => typeof r === 'string') : [];
    if (!entry) return { ok: false, error: 'not subscribed' };
    const rooms = new Set(entry.subscriber.roomList.filter((r) => !leaving.includes(r)));
    for (const id of incidentsOf(entry.subscriber.roomList.filter((r) => !rooms.has(r)))) this.incidentDevices.unwatch(id);
    entry.subscriber.watch(rooms);
    for (const room of leaving) void socket.leave(room);
    return { ok: true, rooms: [...rooms], maxHz: 1000 / entry.subscriber.intervalMs };
  }

  handleDisconnect(socket: LiveSocket): void {
    for (const id of incidentsOf(this.subscribers.get(socket.id)?.subscriber.roomList ?? [])) this.incidentDevices.unwatch(id);
    this.subscribers.delete(socket.id);
    clearTimeout(this.expiryTimers.get(socket.id));
    this.expiryTimers.delete(socket.id);
  }

  private offer(readings: DeviceReading[]): void {
    for (const { subscriber } of this.subscribers.values()) {
      for (const reading of readings) subscriber.offer(reading);
    }
  }

  private flush(): void {
    const now = Date.now();
    for (const { socket, subscriber } of this.subscribers.values()) {
      if (bufferedPackets(socket) > MAX_BUFFERED_PACKETS) continue;
      const due = subscriber.takeDue(now);
      if (due) emitByKind(socket, due);
    }
  }
}

function incidentsOf(rooms: string[]): string[] {
  return rooms.filter((r) => r.startsWith(INCIDENT)).map((r) => r.slice(INCIDENT.length));
}

function bufferedPackets(socket: LiveSocket): number {
  return (socket.conn as unknown as { writeBuffer?: unknown[] }).writeBuffer?.length ?? 0;
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
