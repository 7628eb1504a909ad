import type { AlertRule } from '@tianyan/contracts';
import type { RuleEvaluator } from './rule-evaluator';
import { ClockSkewRule } from './rules/clock-skew.rule';
import { ExposureRule } from './rules/exposure.rule';
import { FlatlineRule } from './rules/flatline.rule';
import { GeofenceRule } from './rules/geofence.rule';
import { LowBatteryRule } from './rules/low-battery.rule';
import { MetricRule } from './rules/metric.rule';
import { ObdRule } from './rules/obd.rule';
import { OfflineRule } from './rules/offline.rule';
import { QuarantineRateRule } from './rules/quarantine-rate.rule';
import { ReceptorRule } from './rules/receptor.rule';
import { ThermalRule } from './rules/thermal.rule';

export function createRuleEvaluator(rule: AlertRule): RuleEvaluator {
  switch (rule.kind) {
    case 'exposure':
      return new ExposureRule(rule);
    case 'metric':
      return new MetricRule(rule);
    case 'thermal':
      return new ThermalRule(rule);
    case 'obd':
      return new ObdRule(rule);
    case 'geofence':
      return new GeofenceRule(rule);
    case 'offline':
      return new OfflineRule(rule);
    case 'flatline':
      return new FlatlineRule(rule);
    case 'clock-skew':
      return new ClockSkewRule(rule);
    case 'low-battery':
      return new LowBatteryRule(rule);
    case 'quarantine-rate':
      return new QuarantineRateRule(rule);
    case 'receptor':
      return new ReceptorRule(rule);
  }
}
