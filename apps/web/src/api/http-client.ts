import type { DeviceSummary, FleetHealthEntry, IngestTotals, LatestReadingsResponse, Page, QuarantineEntry, SeriesResponse, Stream } from '@tianyan/contracts';
import { accessTokenRejected, currentAccessToken } from './access-token';

export class ApiError extends Error {
  constructor(readonly status: number, readonly path: string, message: string) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface SeriesQuery {
  stream: Stream;
  field: string;
  from: Date;
  to: Date;
  /** `auto` lets the server pick raw rows or a bucket width for the span. */
  bucket?: 'auto' | 'raw' | number;
}

/**
 * The REST API of apps/api, typed with the contracts' response shapes. Same origin by default
 * (Vite proxies `/api` in development; apps/api serves the built UI in production).
 */
export class HttpClient {
  constructor(private readonly baseUrl = '', private readonly timeoutMs = 10_000) {}

  devices(signal?: AbortSignal): Promise<DeviceSummary[]> {
    return this.get('/api/devices', signal);
  }

  latest(deviceId: string, signal?: AbortSignal): Promise<LatestReadingsResponse> {
    return this.get(`/api/devices/${encodeURIComponent(deviceId)}/latest`, signal);
  }

  series(deviceId: string, q: SeriesQuery, signal?: AbortSignal): Promise<SeriesResponse> {
    const params = new URLSearchParams({
      stream: q.stream,
      field: q.field,
      from: q.from.toISOString(),
      to: q.to.toISOString(),
      bucket: String(q.bucket ?? 'auto'),
    });
    return this.get(`/api/devices/${encodeURIComponent(deviceId)}/series?${params.toString()}`, signal);
  }

  quarantine(limit = 1, offset = 0, signal?: AbortSignal): Promise<Page<QuarantineEntry>> {
    return this.get(`/api/quarantine?${new URLSearchParams({ limit: String(limit), offset: String(offset) }).toString()}`, signal);
  }

  fleetHealth(signal?: AbortSignal): Promise<FleetHealthEntry[]> {
    return this.get('/api/fleet/health', signal);
  }

  ingestStats(signal?: AbortSignal): Promise<IngestTotals> {
    return this.get('/api/ingest/stats', signal);
  }

  private get<T>(path: string, signal?: AbortSignal): Promise<T> {
    return authorizedGet<T>(this.baseUrl, path, this.timeoutMs, signal, (status, statusText, body) => {
      const raw = (body as { message?: unknown } | null)?.message;
      const message = typeof raw === 'string' ? raw : Array.isArray(raw) ? raw.join('; ') : statusText;
      return new ApiError(status, path, `GET ${path} → ${status} ${message}`);
    });
  }
}

/**
 * GET of a JSON resource with the signed-in person's token. An expired or revoked token is refreshed
 * once and the request retried (the sign-in flow signs out if it cannot); `toError` shapes a failure.
 */
export async function authorizedGet<T>(
  baseUrl: string,
  path: string,
  timeoutMs: number,
  signal: AbortSignal | undefined,
  toError: (status: number, statusText: string, body: unknown) => Error,
  retried = false,
): Promise<T> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const token = await currentAccessToken();
  const response = await fetch(`${baseUrl}${path}`, {
    headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
  });
  if (response.status === 401 && !retried && (await accessTokenRejected())) return authorizedGet(baseUrl, path, timeoutMs, signal, toError, true);
  if (!response.ok) throw toError(response.status, response.statusText, await response.json().catch(() => null));
  return (await response.json()) as T;
}
