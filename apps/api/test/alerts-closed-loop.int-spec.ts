import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTopic, type AlertDetail, type AuditEntry, type Page, type ResponsibleUnit } from '@tianyan/contracts';
import { makeMsSurvey } from '@tianyan/testing';
import { AlertEngineService } from '../src/alerts/alert-engine.service';
import { createPerson, detailOf, inFuture, waitForAlert, type Person } from './alert-helpers';
import { publishJson } from './device-publisher';
import { useApiStack } from './test-stack';

const H2S = '7783-06-4';
const DAY = 86_400_000;

function h2s(ppm: number) {
  return makeMsSurvey({ gases: [{ cas: H2S, name: 'hydrogen sulfide', value: ppm, unit: 'ppm' }] });
}

describe('the closed loop of an alert, driven through REST by people of the right roles', () => {
  const stack = useApiStack({ INGEST_AUTO_PROVISION: 'on', ATTACHMENTS_DIR: join(tmpdir(), `tianyan-evidence-${process.pid}`) });
  let viewer: Person, operator: Person, commanderA: Person, commanderB: Person;
  let unit: ResponsibleUnit;

  beforeAll(async () => {
    viewer = await createPerson(stack.api, 'loop-viewer', 'viewer');
    operator = await createPerson(stack.api, 'loop-operator', 'operator');
    commanderA = await createPerson(stack.api, 'loop-commander-a', 'commander');
    commanderB = await createPerson(stack.api, 'loop-commander-b', 'commander');
    const res = await stack.api.fetch('/api/units', { method: 'POST', body: JSON.stringify({ name: '某化工有限公司', tier: 'enterprise', contact: '0571-0000' }) });
    expect(res.status).toBe(201);
    unit = (await res.json()) as ResponsibleUnit;
  });

  async function expectStep(who: Person, id: string, body: Parameters<Person['act']>[1], status: number, message?: RegExp): Promise<AlertDetail | null> {
    const res = await who.act(id, body);
    const text = await res.text();
    if (res.status !== status) throw new Error(`${who.username} ${body.action}: expected ${status}, got ${res.status} ${text}`);
    if (message) expect(text).toMatch(message);
    return status < 300 ? (JSON.parse(text) as AlertDetail) : null;
  }

  it('runs raised → … → closed with a send-back, refusing wrong roles and the same pair of eyes, and audits every step', async () => {
    await publishJson(stack.device, buildTopic('ms', 'ms-loop-1', 'survey'), h2s(30));
    const alert = await waitForAlert(stack.api, (a) => a.deviceId === 'ms-loop-1' && a.subject === H2S);
    expect(alert).toMatchObject({ level: 'orange', state: 'raised', ruleKind: 'exposure', active: true });
    const id = alert.id;

    await expectStep(viewer, id, { action: 'acknowledge' }, 403);
    await expectStep(operator, id, { action: 'dispatch', unitId: unit.id, deadline: inFuture(DAY) }, 409, /acknowledged/);
    await expectStep(operator, id, { action: 'acknowledge', note: 'seen on the wall' }, 201);
    await expectStep(operator, id, { action: 'dispatch', unitId: unit.id, deadline: inFuture(DAY) }, 403, /commander/);
    await expectStep(commanderA, id, { action: 'dispatch', unitId: unit.id }, 400, /deadline/);
    await expectStep(commanderA, id, { action: 'dispatch', unitId: unit.id, deadline: new Date(Date.now() - 1000).toISOString() }, 400, /future/);
    const dispatched = await expectStep(commanderA, id, { action: 'dispatch', unitId: unit.id, deadline: inFuture(3 * DAY), note: 'stop the leak, report in 3 days' }, 201);
    expect(dispatched!.alert).toMatchObject({ state: 'dispatched', unitId: unit.id });

    await expectStep(operator, id, { action: 'start_rectification' }, 201);
    const form = new FormData();
    form.append('file', new Blob([Buffer.from('%PDF-1.4 rectification report')], { type: 'application/pdf' }), '整改报告.pdf');
    const upload = await operator.fetch(`/api/alerts/${id}/attachments`, { method: 'POST', body: form });
    expect(upload.status).toBe(201);
    const attachment = (await upload.json()) as { id: string; sha256: string; bytes: number };
    expect(attachment.bytes).toBe(29);
    await expectStep(operator, id, { action: 'submit' }, 400, /note/);
    await expectStep(operator, id, { action: 'submit', note: 'valve replaced', attachmentIds: [attachment.id] }, 201);

    await expectStep(operator, id, { action: 'county_check', note: 'ok' }, 403);
    await expectStep(commanderA, id, { action: 'county_check', note: 'county: checked on site' }, 201);
    await expectStep(commanderA, id, { action: 'city_review', note: 'me again' }, 403, /four eyes/);
    // The city finds a problem: back to rectifying with a new deadline.
    const sentBack = await expectStep(commanderB, id, { action: 'send_back', note: 'second valve still leaks', deadline: inFuture(2 * DAY) }, 201);
    expect(sentBack!.alert.state).toBe('rectifying');

    await expectStep(operator, id, { action: 'submit', note: 'second valve replaced' }, 201);
    await expectStep(commanderB, id, { action: 'county_check', note: 'county: re-checked' }, 201);
    await expectStep(commanderA, id, { action: 'city_review', note: 'city: accepted' }, 201);
    await expectStep(commanderA, id, { action: 'province_track', note: 'me again' }, 403, /four eyes/);
    await expectStep(commanderB, id, { action: 'province_track', note: 'province: public notice 7 days' }, 201);
    const closed = await expectStep(commanderA, id, { action: 'close', note: '销号' }, 201);

    expect(closed!.alert.state).toBe('closed');
    const steps = closed!.steps.map((s) => `${s.kind}:${s.toState}:${s.actor?.username ?? 'system'}`);
    expect(steps).toEqual([
      'raised:raised:system',
      'acknowledge:acknowledged:loop-operator',
      'dispatch:dispatched:loop-commander-a',
      'start_rectification:rectifying:loop-operator',
      'submit:submitted:loop-operator',
      'county_check:county_check:loop-commander-a',
      'send_back:rectifying:loop-commander-b',
      'submit:submitted:loop-operator',
      'county_check:county_check:loop-commander-b',
      'city_review:city_review:loop-commander-a',
      'province_track:province_tracking:loop-commander-b',
      'close:closed:loop-commander-a',
    ]);
    const submit = closed!.steps.find((s) => s.kind === 'submit')!;
    expect(submit.attachments.map((a) => a.id)).toEqual([attachment.id]);
    expect(closed!.readings.length).toBeGreaterThan(0);
    const download = await viewer.fetch(`/api/alerts/${id}/attachments/${attachment.id}`);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).toString()).toBe('%PDF-1.4 rectification report');

    // A closed alert takes no more steps; a new exceedance raises a new alert.
    await expectStep(commanderA, id, { action: 'lift', note: 'too late' }, 409);
    await publishJson(stack.device, buildTopic('ms', 'ms-loop-1', 'survey'), h2s(31));
    const again = await waitForAlert(stack.api, (a) => a.deviceId === 'ms-loop-1' && a.subject === H2S && a.id !== id, 'a new alert after close-out');
    expect(again.state).toBe('raised');

    const audit = await stack.api.fetch(`/api/audit?targetType=alert&targetId=${id}&limit=100`);
    const actions = ((await audit.json()) as Page<AuditEntry>).items.map((e) => e.action).sort();
    expect(actions).toEqual([
      'alert.acknowledge', 'alert.attachment-upload', 'alert.city_review', 'alert.close', 'alert.county_check', 'alert.county_check',
      'alert.dispatch', 'alert.province_track', 'alert.send_back', 'alert.start_rectification', 'alert.submit', 'alert.submit',
    ]);
  });

  it('escalates an overdue step once, and a person may lower or lift a warning but the engine never lowers it', async () => {
    await publishJson(stack.device, buildTopic('ms', 'ms-loop-2', 'survey'), h2s(1));
    const alert = await waitForAlert(stack.api, (a) => a.deviceId === 'ms-loop-2');
    expect(alert.level).toBe('yellow');
    await publishJson(stack.device, buildTopic('ms', 'ms-loop-2', 'survey'), h2s(60));
    await waitForAlert(stack.api, (a) => a.id === alert.id && a.level === 'red', 'escalation to red');
    await publishJson(stack.device, buildTopic('ms', 'ms-loop-2', 'survey'), h2s(0.01));
    await waitForAlert(stack.api, (a) => a.id === alert.id && !a.active, 'the condition to clear');
    expect((await detailOf(stack.api, alert.id)).alert.level).toBe('red');

    await expectStep(operator, alert.id, { action: 'acknowledge' }, 201);
    await expectStep(commanderA, alert.id, { action: 'dispatch', unitId: unit.id, deadline: inFuture(1500) }, 201);
    await new Promise((resolve) => setTimeout(resolve, 1600));
    const engine = stack.api.app.get(AlertEngineService);
    await engine.periodicCheck();
    await engine.periodicCheck();
    const overdue = await waitForAlert(stack.api, (a) => a.id === alert.id && a.overdue, 'the overdue escalation');
    expect(overdue.escalations).toBe(1);
    const detail = await detailOf(stack.api, alert.id);
    expect(detail.steps.filter((s) => s.kind === 'overdue')).toHaveLength(1);

    await expectStep(operator, alert.id, { action: 'lower', level: 'orange', note: 'x' }, 403);
    await expectStep(commanderA, alert.id, { action: 'lower', level: 'red', note: 'same' }, 400, /below red/);
    const lowered = await expectStep(commanderA, alert.id, { action: 'lower', level: 'yellow', note: 'source isolated' }, 201);
    expect(lowered!.alert.level).toBe('yellow');
    const lifted = await expectStep(commanderB, alert.id, { action: 'lift', note: 'all clear, 解除' }, 201);
    expect(lifted!.alert.state).toBe('lifted');
  });
});
