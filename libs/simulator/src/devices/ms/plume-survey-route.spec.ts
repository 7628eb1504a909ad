import { PlumeSurveyRoute, type PlumeSurveyConfig } from './plume-survey-route';

const cfg = (windFromDeg: (t: number) => number): PlumeSurveyConfig => ({
  source: { x: 0, y: 0 },
  launch: { x: -100, y: -100 },
  startS: 60,
  windFromDeg,
  distancesM: [200, 400],
  halfWidthM: () => 100,
  speedMs: 10,
});

describe('PlumeSurveyRoute', () => {
  it('waits at the launch point, then flies at its speed to the first transect downwind', () => {
    const route = new PlumeSurveyRoute(cfg(() => 180)); // wind from the south: downwind is north
    expect(route.at(0)).toEqual({ x: -100, y: -100 });
    expect(route.at(60)).toEqual({ x: -100, y: -100 });
    const a = route.at(70);
    expect(Math.hypot(a.x + 100, a.y + 100)).toBeCloseTo(100, 6);
    // First waypoint: 200 m downwind (north), 100 m to the left of downwind (west).
    const first = Math.hypot(0, 300) / 10; // launch (−100, −100) → (−100, 200)
    const p = route.at(60 + first);
    expect(p.x).toBeCloseTo(-100, 6);
    expect(p.y).toBeCloseTo(200, 6);
  });

  it('lays each pass out against the wind read when it starts and alternates near→far with far→near', () => {
    let from = 180;
    const route = new PlumeSurveyRoute(cfg(() => from));
    const passS = 30 + 20 + 20 + 20; // launch → first waypoint, transect, link, transect
    const end1 = route.at(60 + passS);
    expect(end1.x).toBeCloseTo(-100, 1); // second transect flown right → left
    expect(end1.y).toBeCloseTo(400, 1);
    from = 270; // wind from the west: the next pass runs east, starting with the far transect
    const end2 = route.at(60 + passS + 200);
    expect(end2.x).toBeGreaterThan(150);
    expect(Math.abs(end2.y)).toBeLessThanOrEqual(100.001);
    expect(PlumeSurveyRoute.passDurationS(cfg(() => 0))).toBeCloseTo((200 + 200 + Math.hypot(200, 0)) / 10, 6);
  });
});
