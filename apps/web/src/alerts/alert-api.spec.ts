import { AlertApi, AlertApiError, apiErrorFrom } from './alert-api';
import { DEFAULT_ALERT_FILTER } from './alert-filter';

interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

function fakeFetch(status: number, body: unknown) {
  const calls: Call[] = [];
  const impl = (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), method: init?.method ?? 'GET', headers: init?.headers as Record<string, string>, body: init?.body });
    return Promise.resolve(new Response(JSON.stringify(body), { status, statusText: status === 403 ? 'Forbidden' : 'OK', headers: { 'content-type': 'application/json' } }));
  };
  return { calls, impl: impl as typeof fetch };
}

describe('AlertApi', () => {
  it('lists alerts with the filter as query and parses the page', async () => {
    const { calls, impl } = fakeFetch(200, { items: [], total: 0 });
    const page = await new AlertApi('http://api', impl).list({ ...DEFAULT_ALERT_FILTER, levels: ['red'] }, { limit: 50, offset: 0 });
    expect(page).toEqual({ items: [], total: 0 });
    expect(calls[0]).toMatchObject({ method: 'GET', url: 'http://api/api/alerts?level=red&open=true&limit=50&offset=0' });
  });

  it('posts an action as JSON', async () => {
    const { calls, impl } = fakeFetch(200, { alert: {}, steps: [], readings: [] });
    await new AlertApi('', impl).act('a/1', { action: 'dispatch', unitId: 'u', deadline: '2026-01-02T08:00:00+08:00', note: 'go' });
    expect(calls[0]!.url).toBe('/api/alerts/a%2F1/actions');
    expect(calls[0]!.method).toBe('POST');
    expect(calls[0]!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(calls[0]!.body as string)).toEqual({ action: 'dispatch', unitId: 'u', deadline: '2026-01-02T08:00:00+08:00', note: 'go' });
  });

  it('uploads an attachment as multipart with the field "file", without a JSON content type', async () => {
    const { calls, impl } = fakeFetch(201, { id: 'att-1' });
    await new AlertApi('', impl).upload('a1', new Blob(['%PDF-1.4']), 'report.pdf');
    const form = calls[0]!.body as FormData;
    expect(form).toBeInstanceOf(FormData);
    expect((form.get('file') as File).name).toBe('report.pdf');
    expect(calls[0]!.headers['content-type']).toBeUndefined();
  });

  it('throws the server\'s own message on a refusal', async () => {
    const { impl } = fakeFetch(403, { statusCode: 403, message: 'the submitter may not pass the county check', path: '/api/alerts/a1/actions', timestamp: 'x', errorId: 'e-1' });
    const err = await new AlertApi('', impl).act('a1', { action: 'county_check', note: 'ok' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AlertApiError);
    expect(err).toMatchObject({ status: 403, message: 'the submitter may not pass the county check', errorId: 'e-1' });
  });
});

describe('apiErrorFrom', () => {
  it('keeps per-item messages (a 400 of a geofence import) and falls back to the status', () => {
    const e = apiErrorFrom(400, 'Bad Request', 'POST /x', { statusCode: 400, message: ['feature 0 (A): geometry: bad', 'feature 2 (C): level: bad'] });
    expect(e.details).toEqual(['feature 0 (A): geometry: bad', 'feature 2 (C): level: bad']);
    expect(e.message).toBe('feature 0 (A): geometry: bad; feature 2 (C): level: bad');
    expect(apiErrorFrom(502, 'Bad Gateway', 'GET /x', null).message).toBe('502 Bad Gateway');
    expect(apiErrorFrom(400, '', 'POST /x', { message: 'invalid', errors: ['a', 'b'] }).details).toEqual(['a', 'b']);
  });
});
