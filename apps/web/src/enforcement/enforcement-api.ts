import type { EnforcementSummary, EnforcementGroupBy, RepeatOffender } from '@tianyan/contracts';
import { accessTokenRejected, currentAccessToken } from '../api/access-token';
import { apiErrorFrom } from '../alerts/alert-api';

/** What the enforcement numbers cover: an incident (replay) or a time window (today, live). */
export interface EnforcementScope {
  incidentId: string | null;
  /** Device time, epoch ms; from inclusive, to exclusive. */
  from: number | null;
  to: number | null;
}

/** The query string of a scope, in the strict parameters the API accepts (an unknown one is a 400). */
export function enforcementQueryString(scope: EnforcementScope, groupBy?: EnforcementGroupBy): string {
  const q = new URLSearchParams();
  if (scope.from !== null) q.set('from', new Date(scope.from).toISOString());
  if (scope.to !== null && (scope.from === null || scope.to > scope.from)) q.set('to', new Date(scope.to).toISOString());
  if (scope.incidentId) q.set('incidentId', scope.incidentId);
  if (groupBy) q.set('groupBy', groupBy);
  return q.toString();
}

type Fetch = typeof fetch;

/** The enforcement statistics of apps/api (summary, repeat offenders, failed-vehicle CSV), with the session's token. */
export class EnforcementApi {
  constructor(private readonly baseUrl = '', private readonly fetchImpl: Fetch = (...args) => fetch(...args), private readonly timeoutMs = 15_000) {}

  async summary(scope: EnforcementScope, groupBy?: EnforcementGroupBy): Promise<EnforcementSummary> {
    return (await this.get(`/api/enforcement/summary?${enforcementQueryString(scope, groupBy)}`)).json() as Promise<EnforcementSummary>;
  }

  async repeatOffenders(scope: EnforcementScope): Promise<RepeatOffender[]> {
    const body = (await (await this.get(`/api/enforcement/repeat-offenders?${enforcementQueryString(scope)}`)).json()) as unknown;
    return Array.isArray(body) ? (body as RepeatOffender[]) : [];
  }

  /** The failed-vehicles CSV (the bearer token is needed, so no plain link). */
  async failedVehiclesCsv(scope: EnforcementScope): Promise<Blob> {
    return (await this.get(`/api/enforcement/failed-vehicles.csv?${enforcementQueryString(scope)}`, 'text/csv', 120_000)).blob();
  }

  private async get(path: string, accept = 'application/json', timeoutMs = this.timeoutMs, retried = false): Promise<Response> {
    const token = await currentAccessToken();
    const res = await this.fetchImpl(`${this.baseUrl}${path}`, { headers: { accept, ...(token ? { authorization: `Bearer ${token}` } : {}) }, signal: AbortSignal.timeout(timeoutMs) });
    // An expired token: refresh once and retry (the sign-in flow signs out if it cannot).
    if (res.status === 401 && !retried && (await accessTokenRejected())) return this.get(path, accept, timeoutMs, true);
    if (!res.ok) throw apiErrorFrom(res.status, res.statusText, `GET ${path}`, await res.json().catch(() => null));
    return res;
  }
}
