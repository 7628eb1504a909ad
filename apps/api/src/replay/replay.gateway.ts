import { Logger, UseGuards } from '@nestjs/common';
import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway, type OnGatewayDisconnect } from '@nestjs/websockets';
import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io';
import { packReadings, replayControlSchema, replayStartSchema, type ReplayClientEvents, type ReplayReply, type ReplayServerEvents } from '@tianyan/contracts';
import { ReplayReadingRepository, ReplayScopeRepository, SituationSnapshotRepository } from '@tianyan/storage';
import { Roles } from '../auth/access.decorators';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { WsRolesGuard } from '../live/ws-roles.guard';
import { ReplaySession } from './replay-session';
import { SYSTEM_REPLAY_TIMER } from './replay-session-ports';

type ReplaySocket = Socket<ReplayClientEvents, ReplayServerEvents, Record<string, never>, { user?: AuthenticatedUser }>;
/** Engine.IO packets waiting for a client before its replay holds back (see LiveGateway). */
const MAX_BUFFERED_PACKETS = 32;

/**
 * Post-incident playback over the live gateway's server (its handshake middleware has already
 * authenticated every socket): one replay session per socket, stopped when the socket leaves.
 */
@WebSocketGateway()
@UseGuards(WsRolesGuard)
export class ReplayGateway implements OnGatewayDisconnect {
  private readonly logger = new Logger(ReplayGateway.name);
  private readonly sessions = new Map<string, ReplaySession>();

  constructor(
    private readonly scopes: ReplayScopeRepository,
    private readonly readings: ReplayReadingRepository,
    private readonly snapshots: SituationSnapshotRepository,
  ) {}

  @SubscribeMessage('replay:start')
  @Roles('viewer')
  async start(@ConnectedSocket() socket: ReplaySocket, @MessageBody() body: unknown): Promise<ReplayReply> {
    const parsed = replayStartSchema.safeParse(body);
    if (!parsed.success) return { ok: false, error: issues(parsed.error) };
    const scope = await this.scopes.scope(parsed.data.incidentId);
    if (!scope) return { ok: false, error: `incident ${parsed.data.incidentId} not found` };
    const range = { from: scope.startAt, to: scope.endAt ?? Date.now() };
    const at = parsed.data.from ?? range.from;
    if (at < range.from || at > range.to) return { ok: false, error: `from must lie within the incident: ${range.from}…${range.to}` };
    this.sessions.get(socket.id)?.stop();
    const deviceIds = [...new Set(scope.windows.map((w) => w.deviceId))];
    const session = new ReplaySession(
      randomUUID(),
      range,
      {
        page: (after, until) => this.readings.page(scope.windows, after, until),
        alerts: (from, to) => this.readings.alertEvents(deviceIds, from, to),
        // (from, to]: `between` is inclusive, device times are whole milliseconds.
        situation: (from, to) => this.snapshots.between(scope.incidentId, from + 1, to),
      },
      {
        readings: (batch) => socket.emit('replay:readings', packReadings(batch)),
        alerts: (events) => socket.emit('replay:alerts', events),
        situation: (snapshots) => socket.emit('replay:situation', snapshots),
        clock: (clock) => socket.emit('replay:clock', clock),
        end: (clock) => socket.emit('replay:end', clock),
        congested: () => bufferedPackets(socket) > MAX_BUFFERED_PACKETS,
        failed: (error) => this.logger.warn(`replay of incident ${scope.incidentId} for socket ${socket.id}: ${String(error)}`),
      },
      SYSTEM_REPLAY_TIMER,
      { at, speed: parsed.data.speed },
    );
    this.sessions.set(socket.id, session);
    session.start();
    return { ok: true, replayId: session.id, ...range };
  }

  @SubscribeMessage('replay:control')
  @Roles('viewer')
  control(@ConnectedSocket() socket: ReplaySocket, @MessageBody() body: unknown): ReplayReply {
    const session = this.sessions.get(socket.id);
    if (!session) return { ok: false, error: 'no replay: send replay:start first' };
    const parsed = replayControlSchema.safeParse(body);
    if (!parsed.success) return { ok: false, error: issues(parsed.error) };
    const request = parsed.data;
    switch (request.action) {
      case 'pause':
        session.pause();
        break;
      case 'resume':
        session.resume();
        break;
      case 'speed':
        session.setSpeed(request.speed);
        break;
      case 'seek':
        session.seek(request.at);
        break;
    }
    const { from, to } = session.clock();
    return { ok: true, replayId: session.id, from, to };
  }

  @SubscribeMessage('replay:stop')
  @Roles('viewer')
  stop(@ConnectedSocket() socket: ReplaySocket): ReplayReply {
    const session = this.sessions.get(socket.id);
    if (!session) return { ok: false, error: 'no replay to stop' };
    session.stop();
    this.sessions.delete(socket.id);
    const { from, to } = session.clock();
    return { ok: true, replayId: session.id, from, to };
  }

  handleDisconnect(socket: ReplaySocket): void {
    this.sessions.get(socket.id)?.stop();
    this.sessions.delete(socket.id);
  }
}

function issues(error: { issues: Array<{ path: PropertyKey[]; message: string }> }): string {
  return error.issues.map((i) => `${i.path.map(String).join('.') || 'request'}: ${i.message}`).join('; ');
}

function bufferedPackets(socket: ReplaySocket): number {
  return (socket.conn as unknown as { writeBuffer?: unknown[] }).writeBuffer?.length ?? 0;
}
