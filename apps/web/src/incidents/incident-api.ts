import type { Deployment, Incident, IncidentStateAt } from '@tianyan/contracts';
import { accessTokenRejected, currentAccessToken } from '../api/access-token';
import { apiErrorFrom } from '../alerts/alert-api';

/** The incident endpoints of apps/api (read side: list, deployments, state at T for seeks). */
export class IncidentApi {
  constructor(private readonly baseUrl = '', private readonly timeoutMs = 15_000) {}

  list(): Promise<Incident[]> {
    return this.get('/api/incidents');
  }

  deployments(id: string): Promise<Deployment[]> {
    return this.get(`/api/incidents/${encodeURIComponent(id)}/deployments`);
  }

  stateAt(id: string, at: number, signal?: AbortSignal): Promise<IncidentStateAt> {
    return this.get(`/api/incidents/${encodeURIComponent(id)}/state?at=${Math.round(at)}`, signal);
  }

  private async get<T>(path: string, signal?: AbortSignal, retried = false): Promise<T> {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const token = await currentAccessToken();
    const response = await fetch(`${this.baseUrl}${path}`, {
      headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
    if (response.status === 401 && !retried && (await accessTokenRejected())) return this.get(path, signal, true);
    if (!response.ok) throw apiErrorFrom(response.status, response.statusText, path, await response.json().catch(() => null));
    return (await response.json()) as T;
  }
}
