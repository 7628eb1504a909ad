import type { Alert, AlertActionRequest, AlertDetail, Page, Role } from '@tianyan/contracts';
import { pollUntil } from '@tianyan/testing';
import type { TestApp } from './test-stack';

/** A signed-in person of the given role, for closed-loop tests. */
export interface Person {
  username: string;
  token: string;
  act(alertId: string, body: AlertActionRequest): Promise<Response>;
  fetch(path: string, init?: RequestInit): Promise<Response>;
}

export async function createPerson(api: TestApp, username: string, role: Role): Promise<Person> {
  const password = `${username}-password-1`;
  const created = await api.fetch('/api/users', { method: 'POST', body: JSON.stringify({ username, role, password }) });
  if (created.status !== 201) throw new Error(`creating ${username}: ${created.status} ${await created.text()}`);
  const { accessToken: token } = await api.login(username, password);
  const fetchAs = (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${token}`);
    if (typeof init.body === 'string' && !headers.has('content-type')) headers.set('content-type', 'application/json');
    return globalThis.fetch(`${api.baseUrl}${path}`, { ...init, headers });
  };
  return {
    username, token, fetch: fetchAs,
    act: (alertId, body) => fetchAs(`/api/alerts/${alertId}/actions`, { method: 'POST', body: JSON.stringify(body) }),
  };
}

export async function listAlerts(api: TestApp, query = ''): Promise<Alert[]> {
  const res = await api.fetch(`/api/alerts?limit=500${query ? `&${query}` : ''}`);
  if (res.status !== 200) throw new Error(`GET /api/alerts: ${res.status} ${await res.text()}`);
  return ((await res.json()) as Page<Alert>).items;
}

/** Waits until an alert matching `match` is stored, and returns it. */
export async function waitForAlert(api: TestApp, match: (a: Alert) => boolean, what = 'alert'): Promise<Alert> {
  const found = await pollUntil(async () => (await listAlerts(api)).find(match), (a) => a !== undefined, { timeoutMs: 20_000, intervalMs: 100, what });
  return found!;
}

export async function detailOf(api: TestApp, id: string): Promise<AlertDetail> {
  const res = await api.fetch(`/api/alerts/${id}`);
  if (res.status !== 200) throw new Error(`GET /api/alerts/${id}: ${res.status} ${await res.text()}`);
  return (await res.json()) as AlertDetail;
}

/** An ISO time `ms` from now. */
export function inFuture(ms: number): string {
  return new Date(Date.now() + ms).toISOString();
}
