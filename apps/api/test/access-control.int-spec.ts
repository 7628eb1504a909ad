import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { io, type Socket } from 'socket.io-client';
import { ROLES, roleAtLeast, type AuditEntry, type ClientToServerEvents, type Role, type ServerToClientEvents, type TokenPair } from '@tianyan/contracts';
import { pollUntil } from '@tianyan/testing';
import { routeAccess, type RouteAccess } from '../src/auth/access.decorators';
import { startTestApp, startTestServers, TEST_ADMIN, TEST_BACKEND, type TestApp, type TestServers } from './test-stack';

type LiveClient = Socket<ServerToClientEvents, ClientToServerEvents>;

interface Route {
  method: string;
  path: string;
  access: RouteAccess;
}

/** Every route Express actually serves, with the access its Nest handler declares. */
function routesOf(api: TestApp): Route[] {
  const reflector = api.app.get(Reflector);
  const scanner = new MetadataScanner();
  const declared = new Map<string, RouteAccess>();
  const controllers = [...api.app.get(ModulesContainer).values()].flatMap((m) => [...m.controllers.values()]);
  for (const wrapper of controllers) {
    const type = wrapper.metatype as (new (...args: never[]) => unknown) | null;
    if (!type || !wrapper.instance) continue;
    const prefix = String(Reflect.getMetadata(PATH_METADATA, type) ?? '');
    for (const name of scanner.getAllMethodNames(Object.getPrototypeOf(wrapper.instance) as object)) {
      const handler = (wrapper.instance as Record<string, unknown>)[name] as (...args: unknown[]) => unknown;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (method === undefined) continue;
      const sub = String(Reflect.getMetadata(PATH_METADATA, handler) ?? '');
      const path = `/${[prefix, sub].filter((p) => p && p !== '/').join('/')}`.replace(/\/+/g, '/');
      declared.set(`${RequestMethod[method]} ${path}`, routeAccess(reflector, handler, type));
    }
  }
  const express = api.app.getHttpAdapter().getInstance() as { router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] } };
  const routes: Route[] = [];
  for (const layer of express.router.stack) {
    if (!layer.route) continue;
    for (const method of Object.keys(layer.route.methods).filter((m) => m !== '_all')) {
      const key = `${method.toUpperCase()} ${layer.route.path}`;
      const access = declared.get(key);
      if (!access) throw new Error(`route ${key} is served but has no Nest handler metadata: add it to the access test`);
      routes.push({ method: method.toUpperCase(), path: layer.route.path, access });
    }
  }
  return routes;
}

const concrete = (path: string) => path.replace(/:(\w+)/g, (_, name: string) => (name === 'id' ? 'no-such-device' : 'x'));

describe(`access control: every route, role and the socket (${TEST_BACKEND} servers)`, () => {
  let servers: TestServers;
  let api: TestApp;
  const tokens = {} as Record<Role, TokenPair>;

  beforeAll(async () => {
    servers = await startTestServers();
    api = await startTestApp(servers);
    for (const role of ROLES) {
      if (role === 'admin') continue;
      const res = await api.fetch('/api/users', { method: 'POST', body: JSON.stringify({ username: `ac-${role}`, role, password: `${role}-password-123` }) });
      expect(res.status).toBe(201);
    }
    for (const role of ROLES) tokens[role] = await signIn(role);
  });
  afterAll(async () => {
    await api?.close();
    await servers?.stop();
  });

  const signIn = (role: Role) => (role === 'admin' ? api.login() : api.login(`ac-${role}`, `${role}-password-123`));
  const call = (route: Route, token?: string) =>
    fetch(`${api.baseUrl}${concrete(route.path)}`, {
      method: route.method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: route.method === 'GET' || route.method === 'HEAD' ? undefined : '{}',
    });

  it('finds the routes in the router, and every one declares @Public() or @Roles()', () => {
    const routes = routesOf(api);
    expect(routes.length).toBeGreaterThan(10);
    const undeclared = routes.filter((r) => !r.access.public && !r.access.declared).map((r) => `${r.method} ${r.path}`);
    expect(undeclared).toEqual([]);
    const open = routes.filter((r) => r.access.public).map((r) => `${r.method} ${r.path}`).sort();
    expect(open).toEqual(['GET /health', 'POST /api/auth/login', 'POST /api/auth/refresh']);
    const viewerReads = routes.filter((r) => !r.access.public && r.access.minimum === 'viewer' && r.method === 'GET').map((r) => r.path);
    expect(viewerReads).toEqual(expect.arrayContaining(['/api/devices', '/api/devices/:id', '/api/quarantine', '/api/ingest/stats']));
  });

  it('answers 401 without a token, and with a forged or garbage one, on every non-public route', async () => {
    const forged = tokens.admin.accessToken.slice(0, -4) + 'AAAA';
    for (const route of routesOf(api).filter((r) => !r.access.public)) {
      for (const token of [undefined, 'garbage', forged]) {
        const res = await call(route, token);
        expect({ route: `${route.method} ${route.path}`, token: token?.slice(0, 8), status: res.status }).toEqual({ route: `${route.method} ${route.path}`, token: token?.slice(0, 8), status: 401 });
      }
    }
  });

  it('answers 403 to every role below the route’s, and lets the route’s own role past the guard', async () => {
    for (const route of routesOf(api)) {
      if (route.access.public) continue;
      const minimum = route.access.minimum;
      for (const role of ROLES) {
        // A logout would end the session the rest of the loop uses: check it with its own session.
        const token = route.path === '/api/auth/logout' ? (await signIn(role)).accessToken : tokens[role].accessToken;
        const res = await call(route, token);
        const label = `${route.method} ${route.path} as ${role}`;
        if (roleAtLeast(role, minimum)) expect([label, [401, 403].includes(res.status)]).toEqual([label, false]);
        else expect({ label, status: res.status }).toEqual({ label, status: 403 });
      }
    }
  });

  it('serves the public routes and the web screen without a token', async () => {
    expect((await fetch(`${api.baseUrl}/health`)).status).toBe(200);
    const login = await fetch(`${api.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(login.status).toBe(400);
  });

  it('sets helmet headers', async () => {
    const res = await fetch(`${api.baseUrl}/health`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  describe('sessions', () => {
    it('refreshes with rotation: the old refresh token stops working, and replaying it ends the session', async () => {
      const first = await api.login('ac-viewer', 'viewer-password-123');
      const refresh = (token: string) => fetch(`${api.baseUrl}/api/auth/refresh`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken: token }) });
      const res = await refresh(first.refreshToken);
      expect(res.status).toBe(200);
      const second = (await res.json()) as TokenPair;
      expect(second.refreshToken).not.toBe(first.refreshToken);
      expect((await fetch(`${api.baseUrl}/api/auth/me`, { headers: { authorization: `Bearer ${second.accessToken}` } })).status).toBe(200);
      expect((await refresh(first.refreshToken)).status).toBe(401);
      // The replay revoked the session: the newest tokens die too.
      expect((await refresh(second.refreshToken)).status).toBe(401);
      expect((await fetch(`${api.baseUrl}/api/auth/me`, { headers: { authorization: `Bearer ${second.accessToken}` } })).status).toBe(401);
    });

    it('logout ends the access token at once', async () => {
      const s = await api.login('ac-operator', 'operator-password-123');
      const auth = { authorization: `Bearer ${s.accessToken}` };
      expect((await fetch(`${api.baseUrl}/api/auth/me`, { headers: auth })).status).toBe(200);
      expect((await fetch(`${api.baseUrl}/api/auth/logout`, { method: 'POST', headers: auth })).status).toBe(204);
      expect((await fetch(`${api.baseUrl}/api/auth/me`, { headers: auth })).status).toBe(401);
    });

    it('refuses a wrong password, an unknown user and a disabled account alike', async () => {
      await expect(api.login(TEST_ADMIN.username, 'wrong-password')).rejects.toThrow(/401/);
      await expect(api.login('nobody-here', 'whatever-password')).rejects.toThrow(/401/);
      const created = await api.fetch('/api/users', { method: 'POST', body: JSON.stringify({ username: 'ac-leaver', role: 'viewer', password: 'leaver-password-1' }) });
      const { id } = (await created.json()) as { id: string };
      const session = await api.login('ac-leaver', 'leaver-password-1');
      expect((await api.fetch(`/api/users/${id}`, { method: 'PATCH', body: JSON.stringify({ disabled: true }) })).status).toBe(200);
      await expect(api.login('ac-leaver', 'leaver-password-1')).rejects.toThrow(/401/);
      expect((await fetch(`${api.baseUrl}/api/auth/me`, { headers: { authorization: `Bearer ${session.accessToken}` } })).status).toBe(401);
    });

    it('applies a role change at the next request', async () => {
      const created = (await (await api.fetch('/api/users', { method: 'POST', body: JSON.stringify({ username: 'ac-promoted', role: 'viewer', password: 'promoted-password' }) })).json()) as { id: string };
      const s = await api.login('ac-promoted', 'promoted-password');
      const auth = { authorization: `Bearer ${s.accessToken}` };
      expect((await fetch(`${api.baseUrl}/api/users`, { headers: auth })).status).toBe(403);
      await api.fetch(`/api/users/${created.id}`, { method: 'PATCH', body: JSON.stringify({ role: 'admin' }) });
      expect((await fetch(`${api.baseUrl}/api/users`, { headers: auth })).status).toBe(200);
    });
  });

  describe('the socket', () => {
    const connect = (token?: string): Promise<LiveClient> =>
      new Promise((resolve, reject) => {
        const socket: LiveClient = io(api.baseUrl, { transports: ['websocket'], reconnection: false, auth: token ? { token } : {} });
        socket.once('connect', () => resolve(socket));
        socket.once('connect_error', (err) => {
          socket.close();
          reject(err);
        });
      });

    it('refuses a handshake without a valid token', async () => {
      await expect(connect()).rejects.toThrow(/unauthorized/);
      await expect(connect('not-a-jwt')).rejects.toThrow(/unauthorized/);
    });

    it('lets a viewer watch readings but not join the admin audit room; an admin gets audit entries live', async () => {
      const viewer = await connect(tokens.viewer.accessToken);
      const admin = await connect(tokens.admin.accessToken);
      try {
        expect(await viewer.emitWithAck('subscribe', { rooms: ['all'] })).toMatchObject({ ok: true });
        const refused = await viewer.emitWithAck('subscribe', { rooms: ['admin:audit'] });
        expect(refused).toMatchObject({ ok: false, error: expect.stringMatching(/forbidden: admin:audit needs role admin/) });
        const commander = await connect(tokens.commander.accessToken);
        expect(await commander.emitWithAck('subscribe', { rooms: ['admin:audit'] })).toMatchObject({ ok: false });
        commander.close();

        const seenByViewer: AuditEntry[] = [];
        viewer.on('audit:entry', (e) => seenByViewer.push(e));
        const seen: AuditEntry[] = [];
        admin.on('audit:entry', (e) => seen.push(e));
        expect(await admin.emitWithAck('subscribe', { rooms: ['admin:audit'] })).toMatchObject({ ok: true });
        await api.login('ac-viewer', 'viewer-password-123');
        const entries = await pollUntil(() => seen, (s) => s.some((e) => e.action === 'auth.login' && e.actorName === 'ac-viewer'), { what: 'live audit entry' });
        expect(entries.length).toBeGreaterThan(0);
        expect(seenByViewer).toEqual([]);
      } finally {
        viewer.close();
        admin.close();
      }
    });
  });
});

describe(`rate limits and CORS (${TEST_BACKEND} servers)`, () => {
  let servers: TestServers;
  let api: TestApp;

  beforeAll(async () => {
    servers = await startTestServers();
    api = await startTestApp(servers, { env: { RATE_LIMIT_LOGIN_PER_MIN: '3', CORS_ORIGINS: 'https://cc.example' } });
  });
  afterAll(async () => {
    await api?.close();
    await servers?.stop();
  });

  it('answers 429 after too many logins from one address, while the API goes on', async () => {
    const attempt = () => fetch(`${api.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'guess-guess' }) });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await attempt()).status);
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses.slice(3)).toEqual([429, 429]);
    expect((await fetch(`${api.baseUrl}/health`)).status).toBe(200);
  });

  it('allows only the configured origins', async () => {
    const preflight = (origin: string) =>
      fetch(`${api.baseUrl}/api/devices`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } });
    expect((await preflight('https://cc.example')).headers.get('access-control-allow-origin')).toBe('https://cc.example');
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
  });
});
