import { Drone } from '../../devices/drone/drone';
import { lawnmower } from '../../devices/drone/flight-plan';
import { PathWalker } from '../../devices/ms/path-walker';
import { PlumeSurveyRoute, type PlumeSurveyConfig } from '../../devices/ms/plume-survey-route';
import { Spectrometer } from '../../devices/ms/spectrometer';
import type { Xy } from '../../geo/local-frame';
import type { CompoundKey } from '../../world/compounds';
import { Release } from '../../world/release';
import { DEMO_AREA } from '../demo-area';
import type { DeviceContext, IncidentPlan, SiteContext } from '../incident';

/** A point `dist` metres from `from` along compass bearing `deg`. */
export function along(from: Xy, deg: number, dist: number): Xy {
  const a = (deg * Math.PI) / 180;
  return { x: from.x + dist * Math.sin(a), y: from.y + dist * Math.cos(a) };
}

/** Multi-gas cells of a fire-response kit plus the MS survey channel for benzene. */
const FIRE_SURVEY_GASES: CompoundKey[] = ['hydrogenSulfide', 'hydrogenChloride', 'sulfurDioxide', 'chlorine', 'benzene'];

/**
 * The plume-mapping flight: six transects 150 m … 1400 m downwind (the benzene extent reaches
 * 1–1.6 km), 250 m apart, each ±(150 m + 20 % of its range) crosswind — a sector of about ±15° plus
 * the plume's own width, as the wind keeps turning during a pass — at 15 m/s, the top of a survey
 * UAV's cruise with a payload, so that one pass takes ≈ 5.5 min (PlumeSurveyRoute.passDurationS)
 * and the 5-minute situation window holds nearly all of it. Carrier battery swaps are not modelled
 * (crews rotate two aircraft).
 */
export const PLUME_SURVEY: Pick<PlumeSurveyConfig, 'distancesM' | 'halfWidthM' | 'speedMs'> = {
  distancesM: [150, 400, 650, 900, 1150, 1400],
  halfWidthM: (d) => 150 + 0.2 * d,
  speedMs: 15,
};
/** The UAV flies low (10 m AGL) so what it samples is close to what people on the ground breathe. */
const UAV_INLET_M = 10;

function plumeMapper(id: string, route: PlumeSurveyConfig, world: DeviceContext['world'], rngFor: DeviceContext['rngFor'], faults: DeviceContext['faults']): Spectrometer {
  // It warms up on the ground and takes off once it reads.
  return new Spectrometer({ id, carrier: new PlumeSurveyRoute(route), inletHeightM: UAV_INLET_M, surveyGases: FIRE_SURVEY_GASES, warmupS: route.startS }, world, rngFor(id), faults);
}

/**
 * Fire at a chemical plant: a toxic release of benzene, H2S, HCl and SO2 (with some toluene and xylenes
 * from the burning tank farm) whose strength builds up and flares; three drones (orbit the fire,
 * survey downwind, survey the plant), two spectrometers crossing the plume on foot and by van, and a third on a UAV that maps the plume
 * with crosswind transects (its id is taken when the fleet is built, after every incident's own ids,
 * so adding it renumbers no device of a drill).
 */
export function chemicalPlantFire(site: SiteContext): IncidentPlan {
  const fire = site.frame.toXy(DEMO_AREA.plantFire);
  const downwind = (site.meanWindFromDeg + 180) % 360;
  const release = new Release(
    {
      id: 'plant-fire',
      points: [{ at: fire, weight: 1 }],
      heightM: 15, // plume rise of a pool fire, kept low so ground concentrations peak within ~200 m
      stability: 'D',
      // SO2 from burning sulfur-bearing feedstock: its AEGL-2 (0.75 ppm) makes the foot team's cross-section orange.
      ratesGs: { benzene: 110, hydrogenSulfide: 30, hydrogenChloride: 45, sulfurDioxide: 60, toluene: 18, xylenes: 9 },
      profile: { kind: 'fire', rampS: 600, cycleS: 5400 },
      startS: -site.incidentAgeS,
    },
    site.rng.fork('plant-fire'),
  );
  const staging = site.frame.toXy(DEMO_AREA.droneStaging);
  const ids = { orbit: site.ids.take('drone'), downwind: site.ids.take('drone'), plant: site.ids.take('drone'), foot: site.ids.take('ms'), van: site.ids.take('ms') };
  const crosswind = (downwind + 90) % 360;
  const crossPath = (dist: number, half: number): Xy[] => {
    const mid = along(fire, downwind, dist);
    return [along(mid, crosswind, -half), along(mid, crosswind, half)];
  };
  return {
    name: 'chemical-plant-fire',
    releases: [release],
    heat: [{ kind: 'fire', id: 'plant-fire', centre: fire, sigmaM: 22, release, minPeakC: 160, maxPeakC: 520 }],
    devices: ({ world, faults, rngFor }) => [
      new Drone({ id: ids.orbit, home: staging, launchAfterS: site.delayS(20), mission: { kind: 'orbit', centre: fire, radiusM: 150, altM: 90 } }, world, rngFor(ids.orbit), faults),
      new Drone(
        { id: ids.downwind, home: { x: staging.x + 15, y: staging.y }, launchAfterS: site.delayS(90), mission: { kind: 'survey', altM: 100, waypoints: lawnmower(along(fire, downwind, 800), downwind, 1200, 600, 150) } },
        world,
        rngFor(ids.downwind),
        faults,
      ),
      new Drone(
        { id: ids.plant, home: { x: staging.x + 30, y: staging.y }, launchAfterS: site.delayS(600), mission: { kind: 'survey', altM: 80, waypoints: lawnmower(fire, downwind, 400, 300, 60) } },
        world,
        rngFor(ids.plant),
        faults,
      ),
      new Spectrometer({ id: ids.foot, carrier: new PathWalker(crossPath(500, 450), 1.3), surveyGases: FIRE_SURVEY_GASES, warmupS: site.delayS(120) }, world, rngFor(ids.foot), faults),
      new Spectrometer({ id: ids.van, carrier: new PathWalker(crossPath(1300, 900), 5), surveyGases: FIRE_SURVEY_GASES, warmupS: site.delayS(180) }, world, rngFor(ids.van), faults),
      plumeMapper(site.ids.take('ms'), { ...PLUME_SURVEY, source: fire, launch: { x: staging.x + 45, y: staging.y }, startS: site.delayS(150), windFromDeg: (t) => world.wind.at(t).fromDeg }, world, rngFor, faults),
    ],
  };
}
