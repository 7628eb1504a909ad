import { geofenceRuleSchema, type AlertLevel, type AlertRuleInput, type GeofenceGeometry } from '@tianyan/contracts';

export type GeofenceTrigger = 'enter' | 'exit' | 'dwell';
export const GEOFENCE_TRIGGERS: readonly GeofenceTrigger[] = ['enter', 'exit', 'dwell'];

/** The save form as typed: numbers still text. */
export interface GeofenceFormValues {
  name: string;
  trigger: GeofenceTrigger;
  level: AlertLevel;
  /** Seconds, for `dwell` only. */
  dwellS: string;
}

/** The rule a drawn geofence is saved as, checked by the same schema the server uses. */
export function geofenceRuleFrom(values: GeofenceFormValues, geometry: GeofenceGeometry): { rule: AlertRuleInput } | { errors: string[] } {
  const dwell = values.dwellS.trim();
  const candidate = {
    kind: 'geofence' as const,
    name: values.name.trim(),
    geometry,
    trigger: values.trigger,
    level: values.level,
    ...(values.trigger === 'dwell' && dwell !== '' ? { dwellS: Number(dwell) } : {}),
  };
  const parsed = geofenceRuleSchema.safeParse(candidate);
  if (!parsed.success) return { errors: parsed.error.issues.map((i) => `${i.path.join('.') || 'rule'}: ${i.message}`) };
  return { rule: candidate };
}
