import type { CurrentUser, TokenPair } from '@tianyan/contracts';

/**
 * The signed-in session of this browser tab: tokens in sessionStorage (gone with the tab; a stolen
 * copy dies with the refresh rotation), the access token refreshed shortly before it expires, one
 * refresh at a time. Listeners hear sign-in and sign-out.
 */
const STORAGE_KEY = 'tianyan.session';
/** Refresh this long before the access token expires. */
const REFRESH_MARGIN_MS = 30_000;

export class AuthError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = 'AuthError';
  }
}

let session: TokenPair | null = load();
let refreshing: Promise<boolean> | null = null;
const listeners = new Set<(user: CurrentUser | null) => void>();
let baseUrl = '';

function load(): TokenPair | null {
  try {
    const raw = globalThis.sessionStorage?.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as TokenPair) : null;
  } catch {
    return null;
  }
}

function store(next: TokenPair | null): void {
  const changed = (session?.user.id ?? null) !== (next?.user.id ?? null) || (session === null) !== (next === null);
  session = next;
  try {
    if (next) globalThis.sessionStorage?.setItem(STORAGE_KEY, JSON.stringify(next));
    else globalThis.sessionStorage?.removeItem(STORAGE_KEY);
  } catch {
    // storage unavailable (private mode): the session lives in memory only
  }
  if (changed) for (const listener of listeners) listener(next?.user ?? null);
}

/** Same origin by default. */
export function setAuthBaseUrl(url: string): void {
  baseUrl = url;
}

export function currentUser(): CurrentUser | null {
  return session && session.refreshExpiresAt > Date.now() ? session.user : null;
}

export function onSessionChange(listener: (user: CurrentUser | null) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

async function post(path: string, body: unknown, token?: string): Promise<Response> {
  return fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
}

export async function signIn(username: string, password: string): Promise<CurrentUser> {
  const res = await post('/api/auth/login', { username, password });
  if (!res.ok) throw new AuthError(res.status, res.status === 429 ? 'too many attempts' : 'wrong username or password');
  const tokens = (await res.json()) as TokenPair;
  store(tokens);
  return tokens.user;
}

/** Ends the session on the server too (its tokens stop working at once). */
export async function signOut(): Promise<void> {
  const token = session?.accessToken;
  store(null);
  if (token) await post('/api/auth/logout', {}, token).catch(() => undefined);
}

/** New tokens from the refresh token; false (and signed out) when the session has ended. */
export function refreshSession(): Promise<boolean> {
  refreshing ??= (async () => {
    const refreshToken = session?.refreshToken;
    if (!refreshToken) return false;
    try {
      const res = await post('/api/auth/refresh', { refreshToken });
      if (res.ok) {
        store((await res.json()) as TokenPair);
        return true;
      }
      if (res.status === 401) store(null);
      return false;
    } catch {
      return false; // network trouble: keep the session, try again later
    }
  })().finally(() => (refreshing = null));
  return refreshing;
}

/** A valid access token, refreshed first when it is about to expire; null when signed out. */
export async function accessToken(): Promise<string | null> {
  if (!session) return null;
  if (session.accessExpiresAt - REFRESH_MARGIN_MS <= Date.now()) await refreshSession();
  return session?.accessToken ?? null;
}

/**
 * Adopts an access token placed in sessionStorage by a test harness (api/access-token.ts
 * SESSION_TOKEN_KEY): a session without refresh, ending with the token.
 */
export async function adoptAccessToken(token: string): Promise<boolean> {
  try {
    const res = await fetch(`${baseUrl}/api/auth/me`, { headers: { accept: 'application/json', authorization: `Bearer ${token}` } });
    if (!res.ok) return false;
    const user = (await res.json()) as CurrentUser;
    const payload = JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: number };
    const expiresAt = (payload.exp ?? 0) * 1000;
    store({ accessToken: token, accessExpiresAt: expiresAt, refreshToken: '', refreshExpiresAt: expiresAt, user });
    return true;
  } catch {
    return false;
  }
}
