/**
 * The one seam through which REST requests and the socket handshake get an access token. The
 * sign-in flow (apps/web/src/auth, a separate issue) installs its provider with
 * `setAccessTokenProvider`; until it does, a token placed in sessionStorage under
 * `tianyan.accessToken` (how the browser tests sign in) is used, and none otherwise.
 */
export type AccessTokenProvider = () => string | null | Promise<string | null>;

export const SESSION_TOKEN_KEY = 'tianyan.accessToken';

const sessionToken: AccessTokenProvider = () => {
  try {
    return globalThis.sessionStorage?.getItem(SESSION_TOKEN_KEY) ?? null;
  } catch {
    return null;
  }
};

let provider: AccessTokenProvider = sessionToken;

export function setAccessTokenProvider(next: AccessTokenProvider): void {
  provider = next;
}

export async function currentAccessToken(): Promise<string | null> {
  return await provider();
}

let rejected: () => Promise<boolean> = () => Promise.resolve(false);

/** The sign-in flow's answer to a 401: true when a new token is available (retry once). */
export function setAccessTokenRejectedHandler(handler: () => Promise<boolean>): void {
  rejected = handler;
}

export function accessTokenRejected(): Promise<boolean> {
  return rejected();
}
