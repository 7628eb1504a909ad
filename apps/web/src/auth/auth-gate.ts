import { SESSION_TOKEN_KEY, setAccessTokenProvider, setAccessTokenRejectedHandler } from '../api/access-token';
import { accessToken, adoptAccessToken, currentUser, onSessionChange, refreshSession } from './session';
import { loginView } from './login.view';

/**
 * Starts the screen behind sign-in: REST and the socket get their token from the session (refreshed
 * before expiry, and once more after a 401); without a session the login page is shown; signing
 * out anywhere returns to it.
 */
export function startWithSignIn(root: HTMLElement, start: (root: HTMLElement) => unknown): void {
  setAccessTokenProvider(accessToken);
  setAccessTokenRejectedHandler(refreshSession);
  onSessionChange((user) => {
    if (!user) location.reload();
  });
  const showLogin = () => {
    root.replaceChildren(loginView(() => {
      root.replaceChildren();
      start(root);
    }));
  };
  const seeded = readSeededToken();
  if (!currentUser() && seeded) {
    void adoptAccessToken(seeded).then((ok) => (ok ? start(root) : showLogin()));
    return;
  }
  if (!currentUser()) return showLogin();
  // A stored session: make sure it is still alive before drawing the screen.
  void accessToken().then((token) => {
    if (token && currentUser()) start(root);
    else showLogin();
  });
}

function readSeededToken(): string | null {
  try {
    return globalThis.sessionStorage?.getItem(SESSION_TOKEN_KEY) ?? null;
  } catch {
    return null;
  }
}
