import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { DeviceReading, ReplayAlertEvent, Stream } from '@tianyan/contracts';
import { AlertHistoryRepository } from '../alerts/alert-history.repository';
import { AlertRepository } from '../alerts/alert.repository';
import { READING_FAMILIES } from '../families/reading-families';
import { COMMON_SELECT, rowToReading, type ReadingFamily, type Row } from '../families/reading-family';
import { alertAfterStep } from './alert-after-step';
import { compareReplayOrder, cursorOf, type ReplayCursor } from './replay-cursor';
import { mergeReplayWindows, type ReplayWindow } from './replay-window';

/** Rows per page and table; thermal rows carry frames (tens of kB each), so fewer of them. */
export const MAX_REPLAY_PAGE = 2_000;
const MAX_THERMAL_ROWS = 100;

/**
 * Stored readings in replay order — device time, then device, stream and seq, across every reading
 * table — keyset-paged: each page asks every table for the rows after the cursor and merges them.
 * Late (store-and-forward) readings are stored at their device time, so they come back there.
 */
@Injectable()
export class ReplayReadingRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly alerts: AlertRepository,
    private readonly history: AlertHistoryRepository,
  ) {}

  /** Readings of the windows with device time in (after, until]; `next` is null when there are no more. */
  async page(
    windows: readonly ReplayWindow[],
    after: ReplayCursor | null,
    until: number,
    limit = MAX_REPLAY_PAGE,
  ): Promise<{ readings: DeviceReading[]; next: ReplayCursor | null }> {
    const merged = mergeReplayWindows(windows);
    if (merged.length === 0) return { readings: [], next: null };
    const pageSize = Math.min(Math.max(Math.trunc(limit), 1), MAX_REPLAY_PAGE);
    const perTable = await Promise.all(
      READING_FAMILIES.map(async (family) => {
        const max = family.table === 'drone_thermal' ? Math.min(pageSize, MAX_THERMAL_ROWS) : pageSize;
        const readings = await this.tablePage(family, merged, after, until, max);
        return { readings, full: readings.length === max };
      }),
    );
    // A table that filled its page may have more rows after its last one: the page ends there.
    let bound: DeviceReading | undefined;
    for (const t of perTable) {
      const last = t.readings[t.readings.length - 1];
      if (t.full && last && (!bound || compareReplayOrder(last, bound) < 0)) bound = last;
    }
    const all = perTable.flatMap((t) => t.readings).sort(compareReplayOrder);
    const eligible = bound ? all.filter((r) => compareReplayOrder(r, bound) <= 0) : all;
    const readings = eligible.slice(0, pageSize);
    const more = bound !== undefined || readings.length < all.length;
    return { readings, next: more ? cursorOf(readings[readings.length - 1]!) : null };
  }

  /**
   * Steps of the devices' alerts with incident time `COALESCE(device_at, at)` in (fromMs, toMs], in
   * that order then ordinal, each at its incident time with the alert as it stood after it: an
   * engine step sits at the device time of the reading behind it, a person's at when it was taken.
   */
  async alertEvents(deviceIds: readonly string[], fromMs: number, toMs: number): Promise<ReplayAlertEvent[]> {
    if (deviceIds.length === 0) return [];
    // alerts_device_idx finds the alerts, alert_steps_incident_time_idx their steps in the range.
    const rows = (await this.dataSource.query(
      `SELECT s.id::text AS step_id, s.alert_id::text AS alert_id
       FROM alert_steps s JOIN alerts a ON a.id = s.alert_id
       WHERE a.device_id = ANY($1::text[])
         AND COALESCE(s.device_at, s.at) > to_timestamp($2::float8 / 1000) AND COALESCE(s.device_at, s.at) <= to_timestamp($3::float8 / 1000)
       ORDER BY COALESCE(s.device_at, s.at), s.ordinal`,
      [deviceIds, fromMs, toMs],
    )) as { step_id: string; alert_id: string }[];
    const histories = new Map<string, { alert: NonNullable<Awaited<ReturnType<AlertRepository['get']>>>; steps: Awaited<ReturnType<AlertHistoryRepository['steps']>> }>();
    // Sequential: embedded mode has one connection.
    for (const alertId of new Set(rows.map((r) => r.alert_id))) {
      const alert = await this.alerts.get(alertId);
      if (alert) histories.set(alertId, { alert, steps: await this.history.steps(alertId) });
    }
    return rows.flatMap((r) => {
      const h = histories.get(r.alert_id);
      const index = h?.steps.findIndex((s) => s.id === r.step_id) ?? -1;
      if (!h || index < 0) return [];
      const step = h.steps[index]!;
      return [{ at: Date.parse(step.deviceAt ?? step.at), step, alert: alertAfterStep(h.alert, h.steps, index) }];
    });
  }

  /**
   * The devices' alerts that belong to an incident from fromMs to toMs, by incident time: raised by
   * toMs, and either open at fromMs or with a step in between. In order of their first step.
   */
  async alertIdsDuring(deviceIds: readonly string[], fromMs: number, toMs: number): Promise<string[]> {
    if (deviceIds.length === 0) return [];
    const rows = (await this.dataSource.query(
      `SELECT a.id::text AS id FROM alerts a
       CROSS JOIN LATERAL (SELECT min(COALESCE(s.device_at, s.at)) AS first FROM alert_steps s WHERE s.alert_id = a.id) f
       LEFT JOIN LATERAL (
         SELECT s.to_state FROM alert_steps s WHERE s.alert_id = a.id AND COALESCE(s.device_at, s.at) <= to_timestamp($2::float8 / 1000)
         ORDER BY COALESCE(s.device_at, s.at) DESC, s.ordinal DESC LIMIT 1
       ) b ON true
       WHERE a.device_id = ANY($1::text[]) AND f.first <= to_timestamp($3::float8 / 1000)
         AND (b.to_state IS NULL OR b.to_state NOT IN ('closed', 'lifted') OR EXISTS (
           SELECT 1 FROM alert_steps s WHERE s.alert_id = a.id
             AND COALESCE(s.device_at, s.at) > to_timestamp($2::float8 / 1000) AND COALESCE(s.device_at, s.at) <= to_timestamp($3::float8 / 1000)))
       ORDER BY f.first, a.id`,
      [deviceIds, fromMs, toMs],
    )) as { id: string }[];
    return rows.map((r) => r.id);
  }

  private async tablePage(family: ReadingFamily, windows: ReplayWindow[], after: ReplayCursor | null, until: number, max: number): Promise<DeviceReading[]> {
    const stream = family.streams.length === 1 ? `'${family.streams[0]}'` : `(kind || '/status')`;
    const params: unknown[] = [windows.map((w) => w.deviceId), windows.map((w) => w.from), windows.map((w) => w.to), until, max];
    let afterSql = '';
    if (after) {
      params.push(after.time);
      afterSql = 'AND time > to_timestamp($6::float8 / 1000)';
      if (after.key) {
        params.push(after.key.deviceId, after.key.stream, after.key.seq);
        afterSql = `AND time >= to_timestamp($6::float8 / 1000)
          AND (time, device_id COLLATE "C", ${stream} COLLATE "C", seq) > (to_timestamp($6::float8 / 1000), $7::text, $8::text, $9::int8)`;
      }
    }
    const rows = (await this.dataSource.query(
      `SELECT ${COMMON_SELECT}, ${stream} AS stream, ${family.selectColumns}
       FROM ${family.table}
       JOIN unnest($1::text[], $2::float8[], $3::float8[]) AS w(wd, wf, wt)
         ON device_id = w.wd AND time >= to_timestamp(w.wf / 1000) AND (w.wt IS NULL OR time <= to_timestamp(w.wt / 1000))
       WHERE time <= to_timestamp($4::float8 / 1000) ${afterSql}
       ORDER BY time, device_id COLLATE "C", ${stream} COLLATE "C", seq
       LIMIT $5`,
      params,
    )) as Row[];
    return rows.map((row) => rowToReading(family, row.stream as Stream, row));
  }
}
