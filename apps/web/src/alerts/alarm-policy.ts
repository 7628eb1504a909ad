import { alertLevelRank, higherAlertLevel, isOpenAlertState, type Alert, type AlertLevel } from '@tianyan/contracts';

export type AlertEvent = 'alert:raised' | 'alert:updated';

/** Colours that sound and flash: orange (II) and red (I) call for people now. */
export const ALARM_MIN_LEVEL: AlertLevel = 'orange';

export interface AlarmDecision {
  /** The worst colour among the alerts that call for the alarm. */
  level: AlertLevel;
  alertIds: string[];
}

/**
 * Whether a socket event calls for the alarm (tone and screen-edge flash), given the copies held
 * before it. An alert calls for it when it is raised at orange or red, or rises into orange or red,
 * or an overdue step escalates it while it is orange or red. Drills never do (an exercise must not
 * be mistaken for the real thing); neither do repeats of what the screen already showed (a raise
 * delivered twice, an update that changes no colour), nor REST snapshots (they never come here).
 */
export function alarmFor(event: AlertEvent, incoming: readonly Alert[], held: (id: string) => Alert | undefined): AlarmDecision | null {
  let level: AlertLevel | null = null;
  const alertIds: string[] = [];
  for (const a of incoming) {
    if (a.drill || !isOpenAlertState(a.state) || alertLevelRank(a.level) < alertLevelRank(ALARM_MIN_LEVEL)) continue;
    const before = held(a.id);
    const rose = before !== undefined && alertLevelRank(a.level) > alertLevelRank(before.level);
    const escalated = before !== undefined && a.escalations > before.escalations;
    const calls = event === 'alert:raised' ? before === undefined || rose : rose || escalated;
    if (!calls) continue;
    alertIds.push(a.id);
    level = level ? higherAlertLevel(level, a.level) : a.level;
  }
  return level ? { level, alertIds } : null;
}
