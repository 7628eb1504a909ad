import { alertRuleInputSchema, defaultAlertRules, type AlertRuleDefinition } from '@tianyan/contracts';

/** The rules a new installation starts with, defaults applied: what the expected alerts are stated against. */
export function defaultRuleDefinitions(): AlertRuleDefinition[] {
  return defaultAlertRules().map((r) => alertRuleInputSchema.parse(r));
}
