import type { DeviceReading } from '@tianyan/contracts';
import { InProcessLiveBus } from '@tianyan/live';
import { ReceivedFeed } from './received-feed';

const reading = (seq: number) => ({ deviceId: 'drone-1', seq }) as DeviceReading;
const nextTurn = () => new Promise((r) => setImmediate(r));

describe('ReceivedFeed', () => {
  it('publishes what arrived in one turn of the event loop as one group, in arrival order, on the received stream only', async () => {
    const bus = new InProcessLiveBus();
    const received: number[][] = [];
    const committed: number[][] = [];
    bus.onReceived((rs) => received.push(rs.map((r) => r.seq)));
    bus.onReadings((rs) => committed.push(rs.map((r) => r.seq)));
    const feed = new ReceivedFeed(bus);
    feed.add([reading(1), reading(2)]);
    feed.add([]);
    feed.add([reading(3)]);
    expect(received).toEqual([]); // not synchronously: the rest of the burst is still being parsed
    await nextTurn();
    expect(received).toEqual([[1, 2, 3]]);
    feed.add([reading(4)]);
    await nextTurn();
    expect(received).toEqual([[1, 2, 3], [4]]);
    expect(committed).toEqual([]);
  });

  it('publishes nothing for messages without readings (all quarantined)', async () => {
    const bus = new InProcessLiveBus();
    const publish = jest.spyOn(bus, 'publishReceived');
    new ReceivedFeed(bus).add([]);
    await nextTurn();
    expect(publish).not.toHaveBeenCalled();
  });
});
