import type { Alert } from '@tianyan/contracts';
import { WEBHOOK_TEST_ALERT_ID } from '@tianyan/storage';

/**
 * What a test message is about: a red drill alert (H2S over its AEGL-3) that looks like a real one
 * but says 演练/DRILL and has the nil UUID, so nobody acts on it and no receiver can confuse it.
 */
export function sampleAlert(now: Date): Alert {
  const at = now.toISOString();
  const measure = { value: 62.5, limit: 50, unit: 'ppm', basis: 'AEGL-3 (60 min) = 50 ppm', facts: { test: true } };
  return {
    id: WEBHOOK_TEST_ALERT_ID,
    ruleId: WEBHOOK_TEST_ALERT_ID,
    ruleKind: 'exposure',
    ruleName: '测试消息 / Test message',
    deviceId: 'test-drone',
    deviceKind: 'drone',
    subject: '7783-06-4',
    level: 'red',
    peakLevel: 'red',
    state: 'raised',
    title: '测试消息：硫化氢 (H2S) 62.5 ppm — Tianyan webhook test',
    measure,
    peak: measure,
    active: true,
    drill: true,
    lat: null,
    lon: null,
    firstReadingAt: now.getTime(),
    lastReadingAt: now.getTime(),
    raisedAt: at,
    updatedAt: at,
    occurrences: 1,
    unitId: null,
    dueAt: null,
    overdue: false,
    escalations: 0,
  };
}
