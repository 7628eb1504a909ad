import type { Receptor, ReceptorImportRequest, ReceptorImportResult, SituationSeriesPoint, SituationSnapshot } from '@tianyan/contracts';
import { accessTokenRejected, currentAccessToken } from '../api/access-token';
import { apiErrorFrom } from '../alerts/alert-api';

type Fetch = typeof fetch;

/**
 * The situation endpoints of apps/api (snapshot at T for seeks, the area series, receptors and
 * their import), with the session's bearer token. Answers are checked loosely: the server side is
 * young, and a shape it does not send yet must not break the screen.
 */
export class SituationApi {
  constructor(private readonly baseUrl = '', private readonly fetchImpl: Fetch = (...args) => fetch(...args), private readonly timeoutMs = 15_000) {}

  /** The stored snapshot at or before `at` (epoch ms), or null when there is none yet. */
  async snapshotAt(incidentId: string, at: number, signal?: AbortSignal): Promise<SituationSnapshot | null> {
    const body = await this.json<unknown>('GET', `/api/incidents/${encodeURIComponent(incidentId)}/situation?at=${encodeURIComponent(new Date(Math.round(at)).toISOString())}`, undefined, signal);
    return asSnapshot(body);
  }

  async series(incidentId: string, from: number, to: number, signal?: AbortSignal): Promise<SituationSeriesPoint[]> {
    const q = new URLSearchParams({ from: new Date(from).toISOString(), to: new Date(to).toISOString() });
    const body = await this.json<unknown>('GET', `/api/incidents/${encodeURIComponent(incidentId)}/situation/series?${q.toString()}`, undefined, signal);
    return asSeries(body);
  }

  async receptors(signal?: AbortSignal): Promise<Receptor[]> {
    const body = await this.json<unknown>('GET', '/api/receptors', undefined, signal);
    const list = Array.isArray(body) ? body : Array.isArray((body as { items?: unknown } | null)?.items) ? (body as { items: unknown[] }).items : [];
    return list.filter(isReceptor);
  }

  importReceptors(request: ReceptorImportRequest): Promise<ReceptorImportResult> {
    return this.json('POST', '/api/receptors/import', request, undefined, 60_000);
  }

  private async json<T>(method: string, path: string, body?: unknown, signal?: AbortSignal, timeoutMs = this.timeoutMs, retried = false): Promise<T> {
    const timeout = AbortSignal.timeout(timeoutMs);
    const token = await currentAccessToken();
    const headers: Record<string, string> = { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await this.fetchImpl(`${this.baseUrl}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
    // An expired token: refresh once and retry (the sign-in flow signs out if it cannot).
    if (res.status === 401 && !retried && (await accessTokenRejected())) return this.json(method, path, body, signal, timeoutMs, true);
    if (!res.ok) throw apiErrorFrom(res.status, res.statusText, `${method} ${path}`, await res.json().catch(() => null));
    // A null snapshot may come as an empty body.
    const text = await res.text();
    return (text.trim() === '' ? null : JSON.parse(text)) as T;
  }
}

/** A snapshot as sent, or null; wrapped (`{ snapshot }`) or bare. */
export function asSnapshot(body: unknown): SituationSnapshot | null {
  const candidate = body && typeof body === 'object' && 'snapshot' in body ? (body as { snapshot: unknown }).snapshot : body;
  if (!candidate || typeof candidate !== 'object') return null;
  const s = candidate as Partial<SituationSnapshot> & { at?: unknown };
  if (typeof s.incidentId !== 'string') return null;
  const at = typeof s.at === 'string' ? Date.parse(s.at) : s.at;
  if (typeof at !== 'number' || !Number.isFinite(at)) return null;
  return {
    ...(s as SituationSnapshot),
    at,
    drill: Boolean(s.drill),
    plumes: Array.isArray(s.plumes) ? s.plumes : [],
    thermal: s.thermal ?? null,
    receptors: Array.isArray(s.receptors) ? s.receptors : [],
    wind: s.wind ?? null,
  };
}

/**
 * Series points in either shape the server may send: `extentAreaKm2` by CAS (the contract) or
 * `plumes: [{ cas, extentAreaKm2 }]` (the first draft); times as epoch ms or ISO.
 */
export function asSeries(body: unknown): SituationSeriesPoint[] {
  const list = Array.isArray(body) ? body : Array.isArray((body as { points?: unknown } | null)?.points) ? (body as { points: unknown[] }).points : [];
  const out: SituationSeriesPoint[] = [];
  for (const raw of list) {
    const p = (raw ?? {}) as { at?: unknown; extentAreaKm2?: unknown; plumes?: unknown; thermalAreaM2?: unknown };
    const at = typeof p.at === 'string' ? Date.parse(p.at) : typeof p.at === 'number' ? p.at : NaN;
    if (!Number.isFinite(at)) continue;
    const areas: Record<string, number> = {};
    if (p.extentAreaKm2 && typeof p.extentAreaKm2 === 'object') {
      for (const [cas, v] of Object.entries(p.extentAreaKm2 as Record<string, unknown>)) if (typeof v === 'number' && Number.isFinite(v)) areas[cas] = v;
    }
    if (Array.isArray(p.plumes)) {
      for (const q of p.plumes as { cas?: unknown; extentAreaKm2?: unknown }[]) if (typeof q?.cas === 'string' && typeof q.extentAreaKm2 === 'number') areas[q.cas] = q.extentAreaKm2;
    }
    out.push({ at, extentAreaKm2: areas, thermalAreaM2: typeof p.thermalAreaM2 === 'number' && Number.isFinite(p.thermalAreaM2) ? p.thermalAreaM2 : null });
  }
  return out.sort((a, b) => a.at - b.at);
}

function isReceptor(r: unknown): r is Receptor {
  const x = r as Partial<Receptor> | null;
  return Boolean(x && typeof x.id === 'string' && typeof x.name === 'string' && x.geometry && typeof x.geometry === 'object' && typeof (x.geometry as { type?: unknown }).type === 'string');
}
