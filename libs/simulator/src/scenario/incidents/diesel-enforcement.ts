import { ObdStation } from '../../devices/obd/obd-station';
import { DEMO_AREA } from '../demo-area';
import type { IncidentPlan, SiteContext } from '../incident';

/** Roadside enforcement: mobile OBD stations (two by default) on the approach roads, limit b (key region). */
export function dieselEnforcement(site: SiteContext): IncidentPlan {
  const count = site.obd.stations ?? DEMO_AREA.obdStations.length;
  const stations = DEMO_AREA.obdStations.slice(0, count).map((at) => ({ id: site.ids.take('obd'), at: site.frame.toXy(at) }));
  return {
    name: 'diesel-enforcement',
    releases: [],
    heat: [],
    devices: ({ world, rngFor, onVehicle }) =>
      stations.map((s) => new ObdStation({ id: s.id, at: s.at, lanes: 2, limitSet: 'b', offenders: site.obd.offenders, firstWithinS: site.delayS(Infinity) }, world, rngFor(s.id), onVehicle)),
  };
}
