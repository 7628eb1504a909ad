import type {
  Alert, AlertActionRequest, AlertAttachment, AlertDetail, AlertRule, AlertRuleInput, AlertRuleKind, GeofenceImportRequest, GeofenceImportResult, Page, ResponsibleUnit,
} from '@tianyan/contracts';
import { accessTokenRejected, currentAccessToken } from '../api/access-token';
import { ApiError } from '../api/http-client';
import { alertQueryString, type AlertFilter } from './alert-filter';

/**
 * An error the API answered with (`{ statusCode, message, path, timestamp, errorId }`): `message`
 * is the server's own words, shown as they are; `details` lists them when there are several (the
 * per-feature errors of a geofence import).
 */
export class AlertApiError extends ApiError {
  constructor(status: number, path: string, message: string, readonly details: readonly string[], readonly errorId: string | null) {
    super(status, path, message);
    this.name = 'AlertApiError';
  }
}

export function apiErrorFrom(status: number, statusText: string, path: string, body: unknown): AlertApiError {
  const b = (body ?? {}) as { message?: unknown; errorId?: unknown; errors?: unknown };
  const listed = Array.isArray(b.message) ? b.message : Array.isArray(b.errors) ? b.errors : [];
  const details = listed.map(String);
  const message = typeof b.message === 'string' ? b.message : details.length > 0 ? details.join('; ') : `${status} ${statusText}`.trim();
  return new AlertApiError(status, path, message, details, typeof b.errorId === 'string' ? b.errorId : null);
}

type Fetch = typeof fetch;

/** The alert endpoints of apps/api, with the bearer token of the session (same seam as HttpClient). */
export class AlertApi {
  constructor(private readonly baseUrl = '', private readonly fetchImpl: Fetch = (...args) => fetch(...args), private readonly timeoutMs = 15_000) {}

  list(filter: AlertFilter, page: { limit: number; offset: number }, signal?: AbortSignal): Promise<Page<Alert>> {
    return this.json('GET', `/api/alerts?${alertQueryString(filter, page)}`, undefined, signal);
  }

  detail(id: string, signal?: AbortSignal): Promise<AlertDetail> {
    return this.json('GET', `/api/alerts/${encodeURIComponent(id)}`, undefined, signal);
  }

  act(id: string, request: AlertActionRequest): Promise<AlertDetail> {
    return this.json('POST', `/api/alerts/${encodeURIComponent(id)}/actions`, request);
  }

  /** Multipart upload (field `file`); attach the result's id to the next action. */
  upload(id: string, file: Blob, fileName: string): Promise<AlertAttachment> {
    const form = new FormData();
    form.append('file', file, fileName);
    return this.json('POST', `/api/alerts/${encodeURIComponent(id)}/attachments`, form, undefined, 120_000);
  }

  /** The attachment's bytes (the bearer token is needed, so no plain link). */
  async download(alertId: string, attachmentId: string): Promise<Blob> {
    const res = await this.send('GET', `/api/alerts/${encodeURIComponent(alertId)}/attachments/${encodeURIComponent(attachmentId)}`, undefined, undefined, 120_000, '*/*');
    return res.blob();
  }

  units(): Promise<ResponsibleUnit[]> {
    return this.json('GET', '/api/units');
  }

  rules(kind?: AlertRuleKind): Promise<AlertRule[]> {
    return this.json('GET', `/api/alert-rules${kind ? `?kind=${encodeURIComponent(kind)}` : ''}`);
  }

  createRule(input: AlertRuleInput): Promise<AlertRule> {
    return this.json('POST', '/api/alert-rules', input);
  }

  updateRule(id: string, input: AlertRuleInput): Promise<AlertRule> {
    return this.json('PUT', `/api/alert-rules/${encodeURIComponent(id)}`, input);
  }

  async deleteRule(id: string): Promise<void> {
    await this.send('DELETE', `/api/alert-rules/${encodeURIComponent(id)}`);
  }

  importGeofences(request: GeofenceImportRequest): Promise<GeofenceImportResult> {
    return this.json('POST', '/api/alert-rules/geofences/import', request, undefined, 60_000);
  }

  private async json<T>(method: string, path: string, body?: unknown, signal?: AbortSignal, timeoutMs?: number): Promise<T> {
    const res = await this.send(method, path, body, signal, timeoutMs);
    return (await res.json()) as T;
  }

  private async send(method: string, path: string, body?: unknown, signal?: AbortSignal, timeoutMs = this.timeoutMs, accept = 'application/json', retried = false): Promise<Response> {
    const timeout = AbortSignal.timeout(timeoutMs);
    const token = await currentAccessToken();
    const isForm = typeof FormData !== 'undefined' && body instanceof FormData;
    const headers: Record<string, string> = { accept, ...(token ? { authorization: `Bearer ${token}` } : {}) };
    if (body !== undefined && !isForm) headers['content-type'] = 'application/json';
    const res = await this.fetchImpl(`${this.baseUrl}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: isForm ? (body as FormData) : JSON.stringify(body) }),
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
    // An expired token: refresh once and retry (the sign-in flow signs out if it cannot).
    if (res.status === 401 && !retried && (await accessTokenRejected())) return this.send(method, path, body, signal, timeoutMs, accept, true);
    if (!res.ok) {
      let parsed: unknown = null;
      try {
        parsed = await res.json();
      } catch {
        // not a JSON error body: the status says it
      }
      throw apiErrorFrom(res.status, res.statusText, `${method} ${path}`, parsed);
    }
    return res;
  }
}
