import type { Incident, IncidentStateAt, ReplayControl, ReplayReply } from '@tianyan/contracts';
import { ReplayController, type ReplayPorts } from './replay-controller';

const incident: Incident = {
  id: '00000000-0000-4000-8000-000000000001', code: 'T-1', title: 'test', level: 'III', drill: true, area: null,
  startAt: new Date(100_000).toISOString(), endAt: new Date(700_000).toISOString(), description: null, state: 'closed', createdAt: '', updatedAt: '',
};

function setup() {
  let wall = 0;
  const sent: Array<string | ReplayControl> = [];
  const resets: number[] = [];
  const ok: ReplayReply = { ok: true, replayId: 'r', from: 100_000, to: 700_000 };
  const pending: Array<(s: IncidentStateAt) => void> = [];
  const ports: ReplayPorts = {
    replayStart: (r) => (sent.push(`start@${r.from}x${r.speed}`), Promise.resolve(ok)),
    replayControl: (c) => (sent.push(c), Promise.resolve(ok)),
    replayStop: () => (sent.push('stop'), Promise.resolve(ok)),
    stateAt: (_id, at) => new Promise((resolve) => pending.push(() => resolve({ incident, at, devices: [], alerts: [] }))),
    resetTo: (s) => resets.push(s.at),
    changed: () => undefined,
    error: (m) => sent.push(`error:${m}`),
  };
  const c = new ReplayController(incident, ports, () => wall);
  const answer = async () => {
    pending.shift()!({} as IncidentStateAt);
    await new Promise((r) => setTimeout(r, 0));
  };
  return { c, sent, resets, answer, tick: (ms: number) => (wall += ms) };
}

describe('ReplayController', () => {
  it('opens paused at the incident start with its state, starts the stream on play', async () => {
    const { c, sent, resets, answer, tick } = setup();
    const opened = c.open();
    await answer();
    await opened;
    expect(resets).toEqual([100_000]);
    tick(5_000);
    expect(c.clock.now(5_000)).toBe(100_000);
    await c.speed(16);
    await c.playPause();
    expect(sent).toEqual(['start@100000x16']);
    tick(1_000);
    expect(c.clock.now(6_000)).toBe(116_000);
    await c.playPause();
    expect(sent[1]).toEqual({ action: 'pause' });
  });

  it('a seek resets the stores from the state at T before telling the stream', async () => {
    const { c, sent, resets, answer } = setup();
    const opened = c.open();
    await answer();
    await opened;
    await c.playPause();
    const seek = c.seek(400_000);
    expect(sent).toHaveLength(1);
    await answer();
    await seek;
    expect(resets).toEqual([100_000, 400_000]);
    expect(sent[1]).toEqual({ action: 'seek', at: 400_000 });
    expect(c.clock.now(0)).toBe(400_000);
  });

  it('of two quick seeks only the newest is applied, and seeks stay inside the window', async () => {
    const { c, resets, answer } = setup();
    const first = c.seek(200_000);
    const second = c.seek(9_999_999);
    await answer();
    await answer();
    await Promise.all([first, second]);
    expect(resets).toEqual([700_000]);
  });

  it('stops the server replay on close', async () => {
    const { c, sent } = setup();
    await c.playPause();
    await c.close();
    expect(sent).toEqual([]);
  });
});
