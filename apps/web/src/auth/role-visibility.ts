import { roleAtLeast, type CurrentUser, type Role } from '@tianyan/contracts';

/** Whether the user may take an action that needs `minimum` (viewer < operator < commander < admin). */
export function roleAllows(user: Pick<CurrentUser, 'role'> | null, minimum: Role): boolean {
  return user !== null && roleAtLeast(user.role, minimum);
}

/**
 * Hides every element under `root` marked `data-min-role="<role>"` that the user's role cannot
 * use: actions a role cannot take are not shown (the server refuses them anyway).
 */
export function applyRoleVisibility(root: ParentNode, user: Pick<CurrentUser, 'role'> | null): void {
  for (const el of root.querySelectorAll<HTMLElement>('[data-min-role]')) {
    const minimum = el.dataset.minRole as Role;
    el.hidden = !roleAllows(user, minimum);
  }
}
