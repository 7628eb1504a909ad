import { LocalFrame, distance } from '../../geo/local-frame';
import { DEMO_AREA } from '../../scenario/demo-area';
import { publishes, runFor } from '../../testing/run-scenario';

type Telemetry = { ts: number; lat: number; lon: number; batteryPct: number; mode: string; relAltM: number; groundSpeedMs: number };
type Thermal = { ts: number; tMaxC: number; gainMode: string; hotspot: { lat: number; lon: number; tempC: number } };

describe('drones over the chemical-plant fire', () => {
  // 75 minutes: every drone flies a full cycle (take-off, mission, RTH, landing, swap, take-off).
  const { events } = runFor('chemical-plant-fire', 75);
  const byDrone = new Map<string, Telemetry[]>();
  for (const m of publishes(events, 'drone/telemetry')) {
    const list = byDrone.get(m.deviceId) ?? [];
    list.push(JSON.parse(m.payload) as Telemetry);
    byDrone.set(m.deviceId, list);
  }

  it('telemetry runs at 2 Hz', () => {
    for (const list of byDrone.values()) expect(list[1]!.ts - list[0]!.ts).toBe(500);
  });

  it('never gains battery in flight, and gets a fresh one only on the ground', () => {
    let swaps = 0;
    for (const list of byDrone.values()) {
      for (let i = 1; i < list.length; i++) {
        const [a, b] = [list[i - 1]!, list[i]!];
        if (a.mode !== 'standby' && b.mode !== 'standby') expect(b.batteryPct).toBeLessThanOrEqual(a.batteryPct);
        if (b.batteryPct > a.batteryPct) swaps++;
      }
    }
    expect(swaps).toBeGreaterThan(0);
  });

  it('returns home when the battery runs low and lands', () => {
    for (const list of byDrone.values()) {
      const rth = list.findIndex((t) => t.mode === 'rth');
      expect(rth).toBeGreaterThan(0);
      expect(list[rth]!.batteryPct).toBeLessThanOrEqual(28.1);
      expect(list.slice(rth).some((t) => t.mode === 'landing')).toBe(true);
    }
  });

  it('moves plausibly: no teleport between fixes (no faults injected here)', () => {
    const frame = new LocalFrame(DEMO_AREA.centre);
    for (const list of byDrone.values()) {
      for (let i = 1; i < list.length; i++) {
        const d = distance(frame.toXy(list[i - 1]!), frame.toXy(list[i]!));
        expect(d / 0.5).toBeLessThan(40);
      }
    }
  });

  it('stays inside the demo basemap', () => {
    for (const list of byDrone.values()) {
      for (const t of list) {
        expect(Math.abs(t.lat - DEMO_AREA.centre.lat)).toBeLessThan(DEMO_AREA.halfSpanDeg);
        expect(Math.abs(t.lon - DEMO_AREA.centre.lon)).toBeLessThan(DEMO_AREA.halfSpanDeg);
      }
    }
  });

  it('sees the fire: every hot hotspot lies in the heat field, in low gain when it must', () => {
    const frame = new LocalFrame(DEMO_AREA.centre);
    const fire = frame.toXy(DEMO_AREA.plantFire);
    const hot = publishes(events, 'drone/thermal').map((m) => JSON.parse(m.payload) as Thermal).filter((t) => t.hotspot.tempC > 100);
    expect(hot.length).toBeGreaterThan(50);
    for (const t of hot) {
      if (t.hotspot.tempC > 150) expect(t.gainMode).toBe('low'); // high gain would clip at 150 °C
      // Fire σ is 22 m: above 100 °C only within ~2σ, plus GNSS error and pixel footprint.
      expect(distance(frame.toXy(t.hotspot), fire)).toBeLessThan(60);
    }
  });
});

describe('drones over the river discharge', () => {
  it('see the warm outfall plume on the water in high gain', () => {
    const { events } = runFor('river-discharge', 40);
    const shots = publishes(events, 'drone/thermal').map((m) => JSON.parse(m.payload) as Thermal & { tMinC: number });
    expect(shots.length).toBeGreaterThan(100);
    expect(shots.every((t) => t.gainMode === 'high')).toBe(true);
    // Water is ~2.5 °C below air; the outfall is up to 8 °C above the water.
    expect(shots.some((t) => t.tMaxC - t.tMinC > 4)).toBe(true);
  });
});
