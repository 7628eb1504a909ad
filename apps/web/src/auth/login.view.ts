import { t } from '../i18n/i18n';
import { h } from '../ui/dom';
import { AuthError, signIn } from './session';

/** The sign-in page: username and password; the first admin comes from the environment (README). */
export function loginView(onSignedIn: () => void): HTMLElement {
  const username = h('input', { class: 'login-input', testid: 'login-username', attrs: { name: 'username', autocomplete: 'username', required: '', autofocus: '' } });
  const password = h('input', { class: 'login-input', testid: 'login-password', attrs: { name: 'password', type: 'password', autocomplete: 'current-password', required: '' } });
  const error = h('p', { class: 'login-error', testid: 'login-error', attrs: { role: 'alert' } });
  const submit = h('button', { class: 'login-submit', testid: 'login-submit', text: t('auth.submit'), attrs: { type: 'submit' } });
  const form = h(
    'form',
    { class: 'login-form', testid: 'login-form' },
    h('h1', { class: 'login-title' }, h('span', { text: t('app.name') }), h('small', { text: t('auth.title') })),
    h('label', { class: 'login-label' }, h('span', { text: t('auth.username') }), username),
    h('label', { class: 'login-label' }, h('span', { text: t('auth.password') }), password),
    error,
    submit,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    submit.disabled = true;
    error.textContent = '';
    signIn(username.value.trim(), password.value).then(
      () => onSignedIn(),
      (err: unknown) => {
        submit.disabled = false;
        error.textContent = err instanceof AuthError && err.status === 429 ? t('auth.tooMany') : err instanceof AuthError ? t('auth.failed') : t('auth.unreachable');
        password.select();
      },
    );
  });
  return h('main', { class: 'login-page', testid: 'login-page' }, form);
}
