import type { AlertLevel, AlertRuleDefinition, AlertRuleKind, DeviceReading } from '@tianyan/contracts';
import type { SimMessage } from '../scenario/sim-event';
import type { Fault, FaultKind } from '../scenario/faults';

/** A reading (or a silence) that reaches a colour of one rule. */
export interface Finding {
  ruleKind: AlertRuleKind;
  deviceId: string;
  subject: string;
  level: AlertLevel;
  /** Device time, epoch ms. */
  at: number;
  /** Built only when the finding raises the expected level: most findings repeat a known one. */
  why: () => string;
}

export type Report = (finding: Finding) => void;

/** What witnesses may ask the simulator about, to say why (a fault it injected). */
export interface WitnessContext {
  /** The fault of this kind active on the device at virtual epoch time t. */
  faultAt(deviceId: string, kind: FaultKind, epochMs: number): Fault | undefined;
}

/**
 * Watches what the fleet really emitted, for one rule kind, and reports every reading that reaches a
 * colour of the rule. Written from the rule definition's own limits, independently of `libs/alerts`.
 */
export interface AlertWitness {
  /** A message that went out (validated), with the readings the contract parses from it. */
  onMessage?(message: SimMessage, readings: readonly DeviceReading[]): void;
  /** A device vanished without a goodbye: the broker publishes its last will. */
  onDisconnect?(deviceId: string, t: number): void;
}

/** Whether a rule watches the device of this reading (empty scope: every device). */
export function inScope(rule: AlertRuleDefinition, deviceId: string, kind: string): boolean {
  const { kinds, deviceIds } = rule.scope;
  return (!kinds || kinds.length === 0 || (kinds as readonly string[]).includes(kind)) && (!deviceIds || deviceIds.length === 0 || deviceIds.includes(deviceId));
}

export function isoAt(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/** Numbers in `why` texts: up to 4 significant digits, no float noise. */
export function num(value: number): string {
  return String(Number(value.toPrecision(4)));
}
