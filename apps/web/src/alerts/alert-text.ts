import type { Alert, AlertAction, AlertLevel, AlertRuleKind, AlertState, AlertStepKind, ResponsibleUnitTier } from '@tianyan/contracts';
import type { Translate } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { formatValue } from '../format/format';

/** Labels of the alert vocabulary; every key exists in both dictionaries (the types check it). */
export const LEVEL_KEY = { blue: 'alerts.level.blue', yellow: 'alerts.level.yellow', orange: 'alerts.level.orange', red: 'alerts.level.red' } as const satisfies Record<AlertLevel, MessageKey>;

export const STATE_KEY = {
  raised: 'alertState.raised', acknowledged: 'alertState.acknowledged', dispatched: 'alertState.dispatched', rectifying: 'alertState.rectifying',
  submitted: 'alertState.submitted', county_check: 'alertState.county_check', city_review: 'alertState.city_review',
  province_tracking: 'alertState.province_tracking', closed: 'alertState.closed', lifted: 'alertState.lifted',
} as const satisfies Record<AlertState, MessageKey>;

export const ACTION_KEY = {
  acknowledge: 'alertAction.acknowledge', dispatch: 'alertAction.dispatch', start_rectification: 'alertAction.start_rectification', submit: 'alertAction.submit',
  county_check: 'alertAction.county_check', city_review: 'alertAction.city_review', province_track: 'alertAction.province_track', close: 'alertAction.close',
  send_back: 'alertAction.send_back', lower: 'alertAction.lower', lift: 'alertAction.lift', comment: 'alertAction.comment',
} as const satisfies Record<AlertAction, MessageKey>;

const SYSTEM_STEP_KEY = {
  raised: 'alertStep.raised', escalated: 'alertStep.escalated', condition_cleared: 'alertStep.condition_cleared',
  condition_returned: 'alertStep.condition_returned', overdue: 'alertStep.overdue', notified: 'alertStep.notified',
} as const;

export const RULE_KIND_KEY = {
  exposure: 'ruleKind.exposure', metric: 'ruleKind.metric', thermal: 'ruleKind.thermal', obd: 'ruleKind.obd', geofence: 'ruleKind.geofence',
  offline: 'ruleKind.offline', flatline: 'ruleKind.flatline', 'clock-skew': 'ruleKind.clock-skew', 'low-battery': 'ruleKind.low-battery',
  'quarantine-rate': 'ruleKind.quarantine-rate', receptor: 'ruleKind.receptor',
} as const satisfies Record<AlertRuleKind, MessageKey>;

export const TRIGGER_KEY = { enter: 'trigger.enter', exit: 'trigger.exit', dwell: 'trigger.dwell' } as const satisfies Record<string, MessageKey>;

export const UNIT_TIER_KEY = { enterprise: 'unitTier.enterprise', county: 'unitTier.county', city: 'unitTier.city', province: 'unitTier.province' } as const satisfies Record<ResponsibleUnitTier, MessageKey>;

export function stepLabel(kind: AlertStepKind, t: Translate): string {
  return t(kind in SYSTEM_STEP_KEY ? SYSTEM_STEP_KEY[kind as keyof typeof SYSTEM_STEP_KEY] : ACTION_KEY[kind as AlertAction]);
}

/** "1天3小时" / "45分钟": how long until (or since) a deadline, to the minute. */
export function formatDuration(ms: number, t: Translate): string {
  const minutes = Math.max(0, Math.floor(Math.abs(ms) / 60_000));
  if (minutes < 60) return t('dur.minutes', { n: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return t('dur.hours', { h: hours, m: minutes % 60 });
  return t('dur.days', { d: Math.floor(hours / 24), h: hours % 24 });
}

/** "剩余 3小时12分" / "已超期 2小时0分"; null when nothing is due. */
export function dueText(alert: Pick<Alert, 'dueAt' | 'overdue'>, now: number, t: Translate): string | null {
  if (!alert.dueAt) return null;
  const left = Date.parse(alert.dueAt) - now;
  return alert.overdue || left < 0 ? t('alert.overdueBy', { time: formatDuration(left, t) }) : t('alert.dueIn', { time: formatDuration(left, t) });
}

const withUnit = (v: number, unit: string | null) => `${formatValue(v)}${unit ? ` ${unit}` : ''}`;

/**
 * "0.8 ppm ≥ 0.51 ppm": what the rule saw against the limit it reached (≤ for rules that fire on
 * falling values, such as a battery). Only the value, or '—', when that is all there is.
 */
export function measureText(measure: Alert['measure'], ruleKind: AlertRuleKind): string {
  if (measure.value === null) return measure.limit === null ? '—' : `${ruleKind === 'low-battery' ? '≤' : '≥'} ${withUnit(measure.limit, measure.unit)}`;
  if (measure.limit === null) return withUnit(measure.value, measure.unit);
  return `${withUnit(measure.value, measure.unit)} ${ruleKind === 'low-battery' ? '≤' : '≥'} ${withUnit(measure.limit, measure.unit)}`;
}
