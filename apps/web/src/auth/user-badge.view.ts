import type { Role } from '@tianyan/contracts';
import { t } from '../i18n/i18n';
import { h } from '../ui/dom';
import { currentUser, signOut } from './session';

const ROLE_KEY = { viewer: 'role.viewer', operator: 'role.operator', commander: 'role.commander', admin: 'role.admin' } as const satisfies Record<Role, string>;

/** Who is signed in, with the role and a sign-out button (for the header). */
export function userBadge(): HTMLElement {
  const user = currentUser();
  if (!user) return h('div', { class: 'user-badge', testid: 'user-badge' });
  const logout = h('button', { class: 'user-logout', testid: 'logout', text: t('auth.logout'), attrs: { type: 'button' } });
  logout.addEventListener('click', () => void signOut().finally(() => location.reload()));
  return h(
    'div',
    { class: 'user-badge', testid: 'user-badge', attrs: { 'data-role': user.role, title: t('auth.signedInAs', { name: user.username }) } },
    h('span', { class: 'user-name', testid: 'user-name', text: user.displayName }),
    h('span', { class: 'user-role', testid: 'user-role', text: t(ROLE_KEY[user.role]) }),
    logout,
  );
}
