import type { DeviceReading } from '@tianyan/contracts';
import { LiveSubscriber } from './live-subscriber';
import { MissedReadings } from './missed-readings';

/** How the registry reaches clients; the gateway answers it with Socket.IO. */
export interface ViewOutlet {
  /** Packets waiting to be written to the client (Engine.IO write buffer). */
  buffered(clientId: string): number;
  join(clientId: string, viewRoom: string): void;
  leave(clientId: string, viewRoom: string): void;
  /** Once to every client in the room but the excluded ones (encoded once for all of them). */
  broadcast(viewRoom: string, except: readonly string[], readings: DeviceReading[]): void;
  send(clientId: string, readings: DeviceReading[]): void;
}

/** Rooms that select readings; the others (`admin:audit`) do not change what a view sends. */
const READING_ROOM = /^(all|kind:|device:|incident:)/;

interface Member {
  /** Number of the first batch the client missed while congested; unset while it keeps up. */
  behindSince?: number;
}

interface View {
  key: string;
  room: string;
  coalescer: LiveSubscriber;
  members: Map<string, Member>;
  /** Number of the last batch sent. */
  batches: number;
  missed: MissedReadings;
}

/**
 * Clients grouped by what they watch: one view per (reading rooms, rate), fed once per reading and
 * sent once per tick to its Socket.IO room, so the cost of the live stream grows with the number of
 * distinct views, not with the number of clients. A client too congested to take a batch is left out
 * of it and, once drained, is sent the newest value of every device and stream it missed.
 */
export class LiveViewRegistry {
  private readonly views = new Map<string, View>();
  private readonly viewOf = new Map<string, View>();
  private created = 0;

  /** `deployedNow`: the devices deployed to an incident now, for rooms `incident:<id>`. */
  constructor(
    private readonly outlet: ViewOutlet,
    private readonly maxBufferedPackets: number,
    private readonly deployedNow: (incidentId: string) => ReadonlySet<string> = () => new Set(),
  ) {}

  get viewCount(): number {
    return this.views.size;
  }

  /** The Socket.IO room of the client's view, if its rooms select any readings. */
  viewRoomOf(clientId: string): string | undefined {
    return this.viewOf.get(clientId)?.room;
  }

  /** Puts the client in the view of its rooms and interval, leaving its previous view. */
  place(clientId: string, rooms: Iterable<string>, intervalMs: number): void {
    const selecting = [...rooms].filter((room) => READING_ROOM.test(room)).sort();
    // `all` takes every reading: the other rooms beside it change nothing.
    const viewRooms = selecting.includes('all') ? ['all'] : selecting;
    const key = `${intervalMs}|${viewRooms.join(',')}`;
    if (this.viewOf.get(clientId)?.key === key) return;
    this.remove(clientId);
    if (viewRooms.length === 0) return;
    let view = this.views.get(key);
    if (!view) {
      const coalescer = new LiveSubscriber(new Set(viewRooms), intervalMs, this.deployedNow);
      view = { key, room: `view:${++this.created}`, coalescer, members: new Map(), batches: 0, missed: new MissedReadings() };
      this.views.set(key, view);
    }
    view.members.set(clientId, {});
    this.viewOf.set(clientId, view);
    this.outlet.join(clientId, view.room);
  }

  remove(clientId: string): void {
    const view = this.viewOf.get(clientId);
    if (!view) return;
    view.members.delete(clientId);
    this.viewOf.delete(clientId);
    this.outlet.leave(clientId, view.room);
    if (view.members.size === 0) this.views.delete(view.key);
  }

  offer(readings: readonly DeviceReading[]): void {
    for (const view of this.views.values()) {
      for (const reading of readings) view.coalescer.offer(reading);
    }
  }

  flush(now: number): void {
    for (const view of this.views.values()) this.flushView(view, now);
  }

  private flushView(view: View, now: number): void {
    const due = view.coalescer.takeDue(now);
    const batch = due ? ++view.batches : view.batches;
    const excluded: string[] = [];
    const drained: [string, Member][] = [];
    let behind = 0;
    for (const [clientId, member] of view.members) {
      const congested = this.outlet.buffered(clientId) > this.maxBufferedPackets;
      if (congested && due) member.behindSince ??= batch;
      if (member.behindSince === undefined) continue;
      excluded.push(clientId);
      if (!congested) drained.push([clientId, member]);
      else behind++;
    }
    if (due) {
      if (excluded.length > 0) view.missed.record(due, batch);
      if (excluded.length < view.members.size) this.outlet.broadcast(view.room, excluded, due);
    }
    for (const [clientId, member] of drained) {
      const catchUp = view.missed.since(member.behindSince!);
      if (catchUp.length > 0) this.outlet.send(clientId, catchUp);
      member.behindSince = undefined;
    }
    if (behind === 0 && view.missed.size > 0) view.missed.clear();
  }
}
