import type { AlertRule, DeviceKind } from '@tianyan/contracts';

/** Which devices a rule watches; empty lists mean every device. Built once per rule, asked per reading. */
export class RuleScope {
  private readonly kinds: ReadonlySet<DeviceKind> | null;
  private readonly deviceIds: ReadonlySet<string> | null;
  /** No restriction at all (most rules): callers on the hot path skip `covers`. */
  readonly everyDevice: boolean;

  constructor(scope: AlertRule['scope']) {
    this.kinds = scope.kinds?.length ? new Set(scope.kinds) : null;
    this.deviceIds = scope.deviceIds?.length ? new Set(scope.deviceIds) : null;
    this.everyDevice = this.kinds === null && this.deviceIds === null;
  }

  /** `kind` null: a device the caller knows only by id (quarantine); it is in scope only when kinds are not restricted. */
  covers(deviceId: string, kind: DeviceKind | null): boolean {
    if (this.kinds !== null && (kind === null || !this.kinds.has(kind))) return false;
    return this.deviceIds === null || this.deviceIds.has(deviceId);
  }
}
