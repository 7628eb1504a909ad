import type { Alert, AlertReadingLink, AlertStep } from '@tianyan/contracts';

/** Statements that write alerts, with the parameter rows they take (in `$n` order). */

const ALERT_COLUMNS = `id, rule_id, rule_kind, rule_name, device_id, device_kind, subject, level, peak_level, state, title, measure, peak,
    active, drill, lat, lon, first_reading_at, last_reading_at, raised_at, updated_at, occurrences, unit_id, due_at, overdue, escalations`;

/** One alert, possibly imported ($27: imported_at). */
export const INSERT_ALERT = `
  INSERT INTO alerts (${ALERT_COLUMNS}, imported_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13::jsonb, $14, $15, $16, $17,
    to_timestamp($18::float8 / 1000), to_timestamp($19::float8 / 1000), $20::timestamptz, $21::timestamptz, $22, $23, $24::timestamptz, $25, $26,
    $27::timestamptz)`;

/** Live alerts, many per statement (parameters as `alertRow`). */
export const INSERT_ALERTS = `
  INSERT INTO alerts (${ALERT_COLUMNS})
  SELECT u.id, u.rule_id, u.rule_kind, u.rule_name, u.device_id, u.device_kind, u.subject, u.level, u.peak_level, u.state, u.title, u.measure, u.peak,
    u.active, u.drill, u.lat, u.lon, to_timestamp(u.first_ms / 1000), to_timestamp(u.last_ms / 1000), u.raised_at, u.updated_at, u.occurrences,
    u.unit_id, u.due_at, u.overdue, u.escalations
  FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[],
    $12::jsonb[], $13::jsonb[], $14::bool[], $15::bool[], $16::float8[], $17::float8[], $18::float8[], $19::float8[], $20::timestamptz[],
    $21::timestamptz[], $22::int4[], $23::uuid[], $24::timestamptz[], $25::bool[], $26::int4[])
    AS u(id, rule_id, rule_kind, rule_name, device_id, device_kind, subject, level, peak_level, state, title, measure, peak,
      active, drill, lat, lon, first_ms, last_ms, raised_at, updated_at, occurrences, unit_id, due_at, overdue, escalations)`;

/**
 * Everything but what identifies the condition (rule, device, subject), its drill flag and when it
 * was raised, of many alerts (parameters as `mutableRow`). Returns the ids it found, so a missing
 * alert is named.
 */
export const UPDATE_ALERTS = `
  UPDATE alerts AS a SET rule_name = u.rule_name, level = u.level, peak_level = u.peak_level, state = u.state, title = u.title, measure = u.measure,
    peak = u.peak, active = u.active, lat = u.lat, lon = u.lon, first_reading_at = to_timestamp(u.first_ms / 1000),
    last_reading_at = to_timestamp(u.last_ms / 1000), updated_at = u.updated_at, occurrences = u.occurrences, unit_id = u.unit_id, due_at = u.due_at,
    overdue = u.overdue, escalations = u.escalations
  FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::jsonb[], $8::jsonb[], $9::bool[], $10::float8[],
    $11::float8[], $12::float8[], $13::float8[], $14::timestamptz[], $15::int4[], $16::uuid[], $17::timestamptz[], $18::bool[], $19::int4[])
    AS u(id, rule_name, level, peak_level, state, title, measure, peak, active, lat, lon, first_ms, last_ms, updated_at, occurrences, unit_id, due_at,
      overdue, escalations)
  WHERE a.id = u.id
  RETURNING a.id::text AS id`;

/** Ordinality keeps the order steps are given in (their `ordinal`), also when they share a time. */
export const INSERT_STEPS = `
  INSERT INTO alert_steps (id, alert_id, kind, from_state, to_state, level, actor_id, actor_username, actor_role, at, note, unit_id, due_at, device_at)
  SELECT u.id, u.alert_id, u.kind, u.from_state, u.to_state, u.level, u.actor_id, u.actor_username, u.actor_role, u.at, u.note, u.unit_id, u.due_at,
    u.device_at
  FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
    $10::timestamptz[], $11::text[], $12::uuid[], $13::timestamptz[], $14::timestamptz[])
    WITH ORDINALITY AS u(id, alert_id, kind, from_state, to_state, level, actor_id, actor_username, actor_role, at, note, unit_id, due_at, device_at, n)
  ORDER BY u.n`;

/** A reading already linked (the same one peaking twice) is kept once. */
export const INSERT_READINGS = `
  INSERT INTO alert_readings (alert_id, device_id, stream, time, seq, value, level)
  SELECT u.a, u.d, u.s, to_timestamp(u.t / 1000), u.q, u.v, u.l
  FROM unnest($1::uuid[], $2::text[], $3::text[], $4::float8[], $5::int8[], $6::float8[], $7::text[]) AS u(a, d, s, t, q, v, l)
  ON CONFLICT DO NOTHING`;

/** Parameters of INSERT_ALERT ($1–$26) and INSERT_ALERTS. */
export function alertRow(a: Alert): unknown[] {
  return [
    a.id, a.ruleId, a.ruleKind, a.ruleName, a.deviceId, a.deviceKind, a.subject, a.level, a.peakLevel, a.state, a.title, JSON.stringify(a.measure),
    JSON.stringify(a.peak), a.active, a.drill, a.lat, a.lon, a.firstReadingAt, a.lastReadingAt, a.raisedAt, a.updatedAt, a.occurrences, a.unitId,
    a.dueAt, a.overdue, a.escalations,
  ];
}

/** Parameters of UPDATE_ALERTS. */
export function mutableRow(a: Alert): unknown[] {
  return [
    a.id, a.ruleName, a.level, a.peakLevel, a.state, a.title, JSON.stringify(a.measure), JSON.stringify(a.peak), a.active, a.lat, a.lon,
    a.firstReadingAt, a.lastReadingAt, a.updatedAt, a.occurrences, a.unitId, a.dueAt, a.overdue, a.escalations,
  ];
}

export function stepRow(s: AlertStep): unknown[] {
  return [
    s.id, s.alertId, s.kind, s.fromState, s.toState, s.level, s.actor?.id ?? null, s.actor?.username ?? null, s.actor?.role ?? null, s.at, s.note,
    s.unitId, s.dueAt, s.deviceAt ?? null,
  ];
}

export function readingRow(alertId: string, r: AlertReadingLink): unknown[] {
  return [alertId, r.deviceId, r.stream, r.time, r.seq, r.value, r.level];
}
