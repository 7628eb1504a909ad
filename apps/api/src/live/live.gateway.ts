import { UseGuards, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import {
  ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway, WebSocketServer,
  type OnGatewayConnection, type OnGatewayDisconnect, type OnGatewayInit,
} from '@nestjs/websockets';
import type { BroadcastOperator, Server, Socket } from 'socket.io';
import {
  ALERTS_ROOM, LIVE_RATE_HZ, liveSubscriptionSchema, minimumRoleForRoom, packReadings, roleAtLeast,
  type ClientToServerEvents, type DeviceReading, type LiveSubscriptionReply, type ServerToClientEvents,
} from '@tianyan/contracts';
import { LiveBus } from '@tianyan/live';
import { AlertEventBus } from '../alerts/alert-event-bus';
import { Roles } from '../auth/access.decorators';
import { AuditService } from '../audit/audit.service';
import { AuthService } from '../auth/auth.service';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { IncidentDeviceCache } from '../incidents/incident-device-cache';
import { AlertOutbox } from './alert-outbox';
import { statusFirst } from './live-subscriber';
import { LiveViewRegistry, type ViewOutlet } from './live-view-registry';
import { WsRolesGuard } from './ws-roles.guard';

type SocketData = { user?: AuthenticatedUser };
type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
/** One client's subscription: what it asked for (its view is derived from this). */
type LiveClient = { socket: LiveSocket; rooms: Set<string>; intervalMs: number };
const TICK_MS = 25;
const INCIDENT = 'incident:';
/**
 * Engine.IO packets a client may have waiting before it gets no new readings: a slow client keeps
 * only the newest reading per device and stream until it catches up. Alerts are always queued.
 */
const MAX_BUFFERED_PACKETS = 64;

/**
 * Where a reading leaves for the browser: listens on the live bus, coalesces per view (clients with
 * the same rooms and rate share one, LiveViewRegistry) to the rate asked for, and broadcasts one
 * `readings` event per beat to the view's room. The handshake must carry a valid access
 * token (`auth: { token }`); a client joins only rooms its role allows (`minimumRoleForRoom`), and
 * events marked `@Roles(...)` are checked by WsRolesGuard. CORS comes from the adapter (configure-app).
 * Alerts go to every signed-in socket (room `alerts`) on the tick after they are committed, ahead of
 * the coalesced readings, and are never dropped for a slow client (AlertOutbox only merges updates
 * that move figures). A room `incident:<id>` takes the readings of the devices deployed to that
 * incident now (IncidentDeviceCache).
 */
@WebSocketGateway()
@UseGuards(WsRolesGuard)
export class LiveGateway implements OnGatewayInit, OnModuleInit, OnModuleDestroy, OnGatewayConnection, OnGatewayDisconnect {
  private readonly clients = new Map<string, LiveClient>();
  private readonly views: LiveViewRegistry;
  private unsubscribeBus?: () => void;
  private ticker?: NodeJS.Timeout;
  private unsubscribeAudit?: () => void;
  private unsubscribeAlerts?: () => void;
  private readonly expiryTimers = new Map<string, NodeJS.Timeout>();
  private readonly alertOutbox = new AlertOutbox();

  @WebSocketServer() server!: Server<ClientToServerEvents, ServerToClientEvents>;

  constructor(
    private readonly bus: LiveBus,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
    private readonly alertEvents: AlertEventBus,
    private readonly incidentDevices: IncidentDeviceCache,
  ) {
    this.views = new LiveViewRegistry(this.outlet(), MAX_BUFFERED_PACKETS, (id) => this.incidentDevices.devicesOf(id));
  }

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
    // Readings as received, not as stored: the screen shows them without waiting for the commit (ADR 0007).
    this.unsubscribeBus = this.bus.onReceived((readings) => this.offer(readings));
    this.unsubscribeAudit = this.audit.onEntry((entry) => this.server?.to('admin:audit').emit('audit:entry', entry));
    this.unsubscribeAlerts = this.alertEvents.subscribe((kind, alerts) => this.alertOutbox.offer(kind, alerts));
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
    return this.clients.size;
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
    const before = this.clients.get(socket.id)?.rooms ?? new Set<string>();
    const rooms = new Set([...before, ...parsed.data.rooms]);
    const watched = incidentsOf([...rooms].filter((r) => !before.has(r)));
    // Loaded before the reply, so the client's first readings already honour the filter.
    await Promise.all(watched.map((id) => this.incidentDevices.watch(id)));
    // Gone while they loaded: handleDisconnect has run already and would not see this subscription.
    if (socket.disconnected) {
      watched.forEach((id) => this.incidentDevices.unwatch(id));
      return { ok: false, error: 'disconnected' };
    }
    this.clients.set(socket.id, { socket, rooms, intervalMs: 1000 / maxHz });
    this.views.place(socket.id, rooms, 1000 / maxHz);
    void socket.join([...rooms]);
    return { ok: true, rooms: [...rooms], maxHz };
  }

  @SubscribeMessage('unsubscribe')
  @Roles('viewer')
  unsubscribe(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: { rooms?: unknown }): LiveSubscriptionReply {
    const client = this.clients.get(socket.id);
    const leaving = Array.isArray(body?.rooms) ? body.rooms.filter((r): r is string => typeof r === 'string') : [];
    if (!client) return { ok: false, error: 'not subscribed' };
    const rooms = new Set([...client.rooms].filter((r) => !leaving.includes(r)));
    for (const id of incidentsOf([...client.rooms].filter((r) => !rooms.has(r)))) this.incidentDevices.unwatch(id);
    client.rooms = rooms;
    this.views.place(socket.id, rooms, client.intervalMs);
    for (const room of leaving) void socket.leave(room);
    return { ok: true, rooms: [...rooms], maxHz: 1000 / client.intervalMs };
  }

  handleDisconnect(socket: LiveSocket): void {
    for (const id of incidentsOf([...(this.clients.get(socket.id)?.rooms ?? [])])) this.incidentDevices.unwatch(id);
    this.views.remove(socket.id);
    this.clients.delete(socket.id);
    clearTimeout(this.expiryTimers.get(socket.id));
    this.expiryTimers.delete(socket.id);
  }

  private offer(readings: DeviceReading[]): void {
    this.views.offer(readings);
  }

  private flush(): void {
    const now = Date.now();
    const alerts = this.alertOutbox.take(now);
    if (alerts.raised.length > 0) this.server?.to(ALERTS_ROOM).emit('alert:raised', alerts.raised);
    if (alerts.updated.length > 0) this.server?.to(ALERTS_ROOM).emit('alert:updated', alerts.updated);
    this.views.flush(now);
  }

  /** Views reach their clients through Socket.IO rooms; `local`: other nodes send their own views. */
  private outlet(): ViewOutlet {
    const socketOf = (clientId: string): LiveSocket | undefined => this.clients.get(clientId)?.socket;
    return {
      buffered: (clientId) => bufferedPackets(socketOf(clientId)),
      join: (clientId, viewRoom) => void socketOf(clientId)?.join(viewRoom),
      leave: (clientId, viewRoom) => void socketOf(clientId)?.leave(viewRoom),
      broadcast: (viewRoom, except, readings) => emitReadings(this.server.local.to(viewRoom).except([...except]), readings),
      send: (clientId, readings) => {
        const socket = socketOf(clientId);
        if (socket) emitReadings(socket, readings);
      },
    };
  }
}

function incidentsOf(rooms: string[]): string[] {
  return rooms.filter((r) => r.startsWith(INCIDENT)).map((r) => r.slice(INCIDENT.length));
}

function bufferedPackets(socket: LiveSocket | undefined): number {
  return (socket?.conn as unknown as { writeBuffer?: unknown[] } | undefined)?.writeBuffer?.length ?? 0;
}

function emitReadings(target: LiveSocket | BroadcastOperator<ServerToClientEvents, SocketData>, readings: DeviceReading[]): void {
  target.emit('readings', packReadings(statusFirst(readings)));
}
