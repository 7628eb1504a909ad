import { alertRuleInputSchema, type AlertRuleInput, type AlertRuleKind } from '@tianyan/contracts';
import type { StoredRule } from '../rule-evaluator';

let next = 0;

/** A stored rule for tests: validated by the real schema (defaults applied), with an id. */
export function storedRule<K extends AlertRuleKind>(input: Extract<AlertRuleInput, { kind: K }>, meta: { id?: string; updatedAt?: string } = {}): StoredRule<K> {
  const definition = alertRuleInputSchema.parse(input);
  return {
    ...definition,
    id: meta.id ?? `rule-${++next}`,
    builtIn: false,
    createdAt: '2025-06-01T00:00:00.000Z',
    updatedAt: meta.updatedAt ?? '2025-06-01T00:00:00.000Z',
  } as StoredRule<K>;
}
