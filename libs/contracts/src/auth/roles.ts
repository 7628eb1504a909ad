/**
 * Roles of people, lowest first: each role may do everything the roles before it may.
 * viewer: watch. operator: field data, notes. commander: acknowledge, dispatch, close out.
 * admin: devices, users, settings.
 */
export const ROLES = ['viewer', 'operator', 'commander', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** True when `role` is `minimum` or above it. */
export function roleAtLeast(role: Role, minimum: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(minimum);
}

/**
 * The lowest role that may join a Socket.IO room: readings are for everyone signed in; `admin:*`
 * rooms (the live audit trail) are for admins.
 */
export function minimumRoleForRoom(room: string): Role {
  return room.startsWith('admin:') ? 'admin' : 'viewer';
}
