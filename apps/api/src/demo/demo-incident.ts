import type { INestApplication } from '@nestjs/common';
import { deploymentInputSchema, incidentInputSchema } from '@tianyan/contracts';
import { demoReceptorsGeoJson } from '@tianyan/simulator';
import { IncidentsService } from '../incidents/incidents.service';
import { ReceptorsService } from '../situation/receptors.service';
import { SYSTEM_ACTOR } from '../auth/authenticated-user';

const DEMO_CODE_PREFIX = 'DEMO-';

/**
 * `npm start` shows a situation picture, not only dots: the demo fleet's run is an open drill
 * incident with every demo device deployed from now, and the demo area has receptors. A previous
 * run's demo incident is closed (its world ended with that process) and stays replayable.
 * Receptors are added only to an instance that has none, so a user's own are never mixed in.
 */
export async function openDemoIncident(app: INestApplication, deviceIds: readonly string[], now = Date.now()): Promise<{ code: string; receptorsAdded: number }> {
  const incidents = app.get(IncidentsService);
  for (const old of await incidents.list({ open: true })) {
    if (old.code.startsWith(DEMO_CODE_PREFIX)) await incidents.close(old.id, new Date(Math.max(now - 1, Date.parse(old.startAt) + 1)).toISOString(), SYSTEM_ACTOR);
  }
  const startAt = new Date(now).toISOString();
  const code = `${DEMO_CODE_PREFIX}${startAt.slice(0, 19).replace(/[-:]/g, '').replace('T', '-')}`;
  const fields = incidentInputSchema.parse({ code, title: '演练：化工厂火灾 Demo: chemical-plant fire', level: 'II', drill: true, startAt, endAt: null });
  const incident = await incidents.create(fields, SYSTEM_ACTOR);
  for (const deviceId of deviceIds) await incidents.deploy(incident.id, deploymentInputSchema.parse({ deviceId, from: startAt, to: null }), SYSTEM_ACTOR);

  const receptors = app.get(ReceptorsService);
  if ((await receptors.list()).length > 0) return { code, receptorsAdded: 0 };
  const added = await receptors.import(demoReceptorsGeoJson(), 'other', SYSTEM_ACTOR);
  return { code, receptorsAdded: added.length };
}
