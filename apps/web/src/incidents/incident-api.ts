import type { Deployment, Incident, IncidentStateAt } from '@tianyan/contracts';
import { authorizedGet } from '../api/http-client';
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

  private get<T>(path: string, signal?: AbortSignal): Promise<T> {
    return authorizedGet<T>(this.baseUrl, path, this.timeoutMs, signal, (status, statusText, body) => apiErrorFrom(status, statusText, path, body));
  }
}
