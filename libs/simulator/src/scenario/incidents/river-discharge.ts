import { Drone } from '../../devices/drone/drone';
import { lawnmower } from '../../devices/drone/flight-plan';
import { PathWalker } from '../../devices/ms/path-walker';
import { Spectrometer } from '../../devices/ms/spectrometer';
import { bearingDeg, type Xy } from '../../geo/local-frame';
import { Release } from '../../world/release';
import type { IncidentPlan, SiteContext } from '../incident';
import { along } from './chemical-plant-fire';

/**
 * An illegal warm, solvent-laden discharge into the river: batches dumped every hour. The water plume
 * (+8 °C at the mouth) drifts downstream; the solvents (toluene, chlorobenzene, dichloromethane) and
 * ammonia gas off the water surface, modelled as a row of low emission points along the plume.
 * One drone surveys the water in high gain, one orbits the outfall; a spectrometer walks the bank.
 */
export function riverDischarge(site: SiteContext): IncidentPlan {
  const river = site.river;
  const segment = 1;
  const flow = river.flowDir(segment);
  const flowDeg = bearingDeg({ x: 0, y: 0 }, flow);
  const mouth = river.bankPoint(segment, 0.25, -(river.halfWidthM - 5));
  const points: Array<{ at: Xy; weight: number }> = [0, 150, 320, 550, 850].map((d, i) => ({
    at: { x: mouth.x + flow.x * d + flow.y * 40, y: mouth.y + flow.y * d - flow.x * 40 },
    weight: [0.35, 0.25, 0.18, 0.13, 0.09][i]!,
  }));
  const release = new Release(
    {
      id: 'river-outfall',
      points,
      heightM: 1,
      stability: 'D',
      ratesGs: { toluene: 6, chlorobenzene: 3, dichloromethane: 4, ammonia: 5 },
      profile: { kind: 'batches', periodS: 3600, onS: 1500, baseline: 0.3 },
      startS: -site.incidentAgeS,
    },
    site.rng.fork('river-outfall'),
  );
  const ids = { survey: site.ids.take('drone'), orbit: site.ids.take('drone'), bank: site.ids.take('ms') };
  const home = river.bankPoint(segment, 0.15, -(river.halfWidthM + 120));
  const bankPath = [0, 0.25, 0.5, 0.75, 1].map((f) => river.bankPoint(segment, Math.min(1, 0.25 + f * 0.6), -(river.halfWidthM + 25)));
  return {
    name: 'river-discharge',
    releases: [release],
    heat: [{ kind: 'outfall', id: 'river-outfall', mouth, flow, deltaC: 8, decayM: 600, release }],
    devices: ({ world, faults, rngFor }) => [
      new Drone(
        { id: ids.survey, home, launchAfterS: site.delayS(45), mission: { kind: 'survey', altM: 120, waypoints: lawnmower(along(mouth, flowDeg, 550), flowDeg, 1100, 400, 100) } },
        world,
        rngFor(ids.survey),
        faults,
      ),
      new Drone({ id: ids.orbit, home: { x: home.x + 15, y: home.y }, launchAfterS: site.delayS(300), mission: { kind: 'orbit', centre: mouth, radiusM: 120, altM: 60 } }, world, rngFor(ids.orbit), faults),
      new Spectrometer({ id: ids.bank, carrier: new PathWalker(bankPath, 1.2), surveyGases: ['ammonia', 'hydrogenSulfide', 'toluene', 'chlorobenzene'], warmupS: site.delayS(150) }, world, rngFor(ids.bank), faults),
    ],
  };
}
