import { createScenario, expectedAlertKey, expectedAlertsFor, isWallClockRuleKind, type ExpectedAlert, type ScenarioName } from '@tianyan/simulator';
import type { Alert } from '@tianyan/contracts';
import { AlertRecorder } from '../src/alerts/alert-recorder.service';
import { listAlerts } from './alert-helpers';
import { publishAndCommit } from './scenario-publish';
import { useApiStack, type ApiStack } from './test-stack';

/** How soon after its triggering reading was published an alert must be stored and live (the "stated time"). */
const RAISE_WITHIN_MS = 10_000;
const MINUTE = 60_000;

/**
 * Plays a seeded scenario's messages through the real broker → ingest → storage → rules engine and
 * returns the alerts raised (wall-clock kinds left out: a replay faster than real time cannot check
 * silence or clock offsets) with the wall time each message was published.
 */
async function play(stack: ApiStack, name: ScenarioName, minutes: number, deviceIds?: string[]) {
  const startTime = Date.now() - (minutes + 5) * MINUTE;
  const scenario = createScenario(name, { seed: 42, startTime });
  const events = scenario.advanceTo(startTime + minutes * MINUTE);
  const truth = scenario.groundTruth();
  const messages = events.flatMap((e) => (e.type === 'publish' && (!deviceIds || deviceIds.includes(e.deviceId)) ? [e] : []));
  const publishedAt = await publishAndCommit(stack, messages);
  await stack.api.app.get(AlertRecorder).settled();
  const devices = new Set(messages.map((m) => m.deviceId));
  const raised = (await listAlerts(stack.api)).filter((a) => a.deviceId && devices.has(a.deviceId) && !isWallClockRuleKind(a.ruleKind));
  const expected = expectedAlertsFor(truth, { deviceIds: [...devices] });
  return { raised, expected, publishedAt, messageCount: messages.length };
}

function compare(raised: Alert[], expected: ExpectedAlert[], publishedAt: Map<string, number>) {
  const byKey = new Map(raised.map((a) => [expectedAlertKey(a), a]));
  const missing = expected.filter((e) => !byKey.has(expectedAlertKey(e))).map((e) => `${expectedAlertKey(e)} ${e.level}: ${e.why}`);
  const unexpected = raised.filter((a) => !expected.some((e) => expectedAlertKey(e) === expectedAlertKey(a))).map((a) => `${expectedAlertKey(a)} ${a.level}: ${a.title}`);
  const wrongLevel = expected.flatMap((e) => {
    const a = byKey.get(expectedAlertKey(e));
    return a && a.peakLevel !== e.level ? [`${expectedAlertKey(e)}: expected ${e.level}, raised ${a.peakLevel}`] : [];
  });
  const wrongStart = expected.flatMap((e) => {
    const a = byKey.get(expectedAlertKey(e));
    return a && a.firstReadingAt !== e.firstAt ? [`${expectedAlertKey(e)}: first triggering reading at ${e.firstAt}, alert says ${a.firstReadingAt}`] : [];
  });
  const latencies = expected.flatMap((e) => {
    const a = byKey.get(expectedAlertKey(e));
    const published = publishedAt.get(`${e.deviceId}|${e.firstAt}`);
    return a && published !== undefined ? [Date.parse(a.raisedAt) - published] : [];
  });
  return { missing, unexpected, wrongLevel, wrongStart, latencies };
}

describe('seeded scenarios through the real pipeline raise exactly the alerts the ground truth expects', () => {
  const stack = useApiStack();

  it('chemical-plant-fire (35 min; the orbiting drone and both spectrometers): exposure, hotspot, hot-area and battery alerts', async () => {
    const { raised, expected, publishedAt, messageCount } = await play(stack, 'chemical-plant-fire', 35, ['drone-01', 'drone-02', 'ms-01', 'ms-02']);
    const result = compare(raised, expected, publishedAt);
    console.log(`chemical-plant-fire: ${messageCount} messages, ${expected.length} expected alerts, ${raised.length} raised; raise latency after publish (ms): max ${Math.max(...result.latencies)}`);
    expect(expected.length).toBeGreaterThanOrEqual(6);
    expect(new Set(expected.map((e) => e.level))).toEqual(new Set(['blue', 'yellow', 'orange', 'red']));
    expect(result.missing).toEqual([]);
    expect(result.unexpected).toEqual([]);
    expect(result.wrongLevel).toEqual([]);
    expect(result.wrongStart).toEqual([]);
    expect(result.latencies).toHaveLength(expected.length);
    for (const ms of result.latencies) expect(ms).toBeLessThan(RAISE_WITHIN_MS);
  });

  it('diesel-enforcement (30 min): one alert per failing or re-test vehicle, at fail = yellow and re-test = blue', async () => {
    const { raised, expected, publishedAt } = await play(stack, 'diesel-enforcement', 30);
    const result = compare(raised, expected, publishedAt);
    expect(expected.filter((e) => e.ruleKind === 'obd').length).toBeGreaterThanOrEqual(3);
    expect(result.missing).toEqual([]);
    expect(result.unexpected).toEqual([]);
    expect(result.wrongLevel).toEqual([]);
    expect(result.wrongStart).toEqual([]);
    for (const ms of result.latencies) expect(ms).toBeLessThan(RAISE_WITHIN_MS);
  });
});
