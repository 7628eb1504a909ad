import { STREAMS, type DeviceKind, type DeviceReading, type Stream } from '@tianyan/contracts';
import type { Finding, FindingStatus } from '../finding';
import { checkFinding, readingFinding } from '../finding-factory';
import { formatNumber } from '../format-number';
import type { PeriodicFacts } from '../periodic-facts';
import { readingLat, readingLon } from '../reading-position';
import type { RuleEvaluator, StoredRule } from '../rule-evaluator';
import type { RuleScope } from '../rule-scope';
import { StatusMemory } from '../status-memory';

interface Seen {
  /** Server receive time of the newest reading that was not an offline status. */
  dataAt: number;
  /** Server receive time of the newest offline status (last will). */
  offlineAt: number;
  lat: number | null;
  lon: number | null;
  drill: boolean;
}

const SUBJECT = 'offline';

/**
 * A device is offline when it has been silent for `missedIntervals` × `expectedIntervalS` (unless its
 * last status announced maintenance or calibration), or when its last status says so (the broker
 * publishes the last will). An offline status raises at once; any
 * other reading from the device clears it.
 */
export class OfflineRule implements RuleEvaluator {
  readonly streams: readonly Stream[] = STREAMS;
  private readonly limitMs: number;
  private readonly seen = new Map<string, Seen>();
  // No device time here: receive times and the check clock are both server time.
  private readonly memory = new StatusMemory();

  constructor(readonly rule: StoredRule<'offline'>) {
    this.limitMs = rule.expectedIntervalS * rule.missedIntervals * 1000;
  }

  evaluate(reading: DeviceReading, out: Finding[]): void {
    let seen = this.seen.get(reading.deviceId);
    if (seen === undefined) this.seen.set(reading.deviceId, (seen = { dataAt: -Infinity, offlineAt: -Infinity, lat: null, lon: null, drill: reading.drill }));
    seen.drill = reading.drill;
    const offline = reading.channel === 'status' && (reading.data as { state: string }).state === 'offline';
    if (offline) seen.offlineAt = Math.max(seen.offlineAt, reading.receivedAt);
    else {
      seen.dataAt = Math.max(seen.dataAt, reading.receivedAt);
      const lat = readingLat(reading);
      const lon = readingLon(reading);
      if (lat !== null && lon !== null && !reading.late) {
        seen.lat = lat;
        seen.lon = lon;
      }
    }
    const status: FindingStatus = offline ? 'level' : 'clear';
    if (!this.memory.admit(reading.deviceId, SUBJECT, status)) return;
    out.push(
      readingFinding(this.rule, reading, {
        subject: SUBJECT,
        status,
        level: offline ? this.rule.level : null,
        severity: null,
        measure: { value: null, limit: this.limitMs / 1000, unit: 's', basis: this.basis(), facts: { state: offline ? 'offline' : null, lastSeenAt: reading.receivedAt } },
        title: offline ? `${reading.deviceId} reported offline` : `${reading.deviceId} is reporting again`,
        lat: seen.lat,
        lon: seen.lon,
      }),
    );
  }

  check(facts: PeriodicFacts, scope: RuleScope, out: Finding[]): void {
    for (const device of facts.devices) {
      if (!scope.covers(device.deviceId, device.kind)) continue;
      const seen = this.seen.get(device.deviceId);
      const silentMs = device.lastSeenAt === null ? null : facts.now - device.lastSeenAt;
      // A device that announced maintenance or calibration (HJ 212 flags M, C) is not expected to stream.
      const excused = device.state === 'maintenance' || device.state === 'calibration';
      const timedOut = silentMs !== null && silentMs > this.limitMs && !excused;
      // A stored offline state is stale once this rule has seen the device report after it.
      const saysOffline = device.state === 'offline' && !(seen !== undefined && seen.dataAt > seen.offlineAt);
      const status: FindingStatus = timedOut || saysOffline ? 'level' : 'clear';
      if (!this.memory.admit(device.deviceId, SUBJECT, status)) continue;
      out.push(this.checked(device.deviceId, device.kind, facts.now, status, silentMs, device.lastSeenAt, device.state, timedOut, seen));
    }
  }

  private checked(
    deviceId: string,
    kind: DeviceKind,
    now: number,
    status: FindingStatus,
    silentMs: number | null,
    lastSeenAt: number | null,
    state: string | null,
    timedOut: boolean,
    seen: Seen | undefined,
  ): Finding {
    const silentS = silentMs === null ? null : Math.round(silentMs / 1000);
    const title =
      status === 'clear' ? `${deviceId} is reporting`
      : timedOut ? `${deviceId} offline: nothing for ${formatNumber(silentS!)} s (limit ${formatNumber(this.limitMs / 1000)} s)`
      : `${deviceId} reported offline`;
    return checkFinding(this.rule, { deviceId, kind, drill: seen?.drill }, now, {
      subject: SUBJECT,
      status,
      level: status === 'level' ? this.rule.level : null,
      severity: null,
      measure: { value: silentS, limit: this.limitMs / 1000, unit: 's', basis: this.basis(), facts: { lastSeenAt, state, silentS } },
      title,
      lat: seen?.lat ?? null,
      lon: seen?.lon ?? null,
    });
  }

  private basis(): string {
    return `${this.rule.missedIntervals} × ${formatNumber(this.rule.expectedIntervalS)} s without a message`;
  }
}
