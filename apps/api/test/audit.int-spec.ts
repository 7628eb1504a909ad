import { DataSource } from 'typeorm';
import type { AuditEntry, Page } from '@tianyan/contracts';
import { startTestApp, startTestServers, TEST_BACKEND, type TestApp, type TestServers } from './test-stack';

describe(`the audit log (${TEST_BACKEND} servers)`, () => {
  let servers: TestServers;
  let api: TestApp;

  beforeAll(async () => {
    servers = await startTestServers();
    api = await startTestApp(servers);
  });
  afterAll(async () => {
    await api?.close();
    await servers?.stop();
  });

  const audit = async (query: string) => (await (await api.fetch(`/api/audit?${query}`)).json()) as Page<AuditEntry>;

  it('records who did what, when, from where, with before and after, for each action', async () => {
    const ua = { 'user-agent': 'audit-test/1.0' };
    // user.create, auth.login, auth.login_failed, user.update, auth.logout
    const created = (await (await api.fetch('/api/users', { method: 'POST', headers: ua, body: JSON.stringify({ username: 'au-op', role: 'operator', password: 'operator-password' }) })).json()) as { id: string };
    const session = await api.login('au-op', 'operator-password');
    await api.login('au-op', 'wrong-password').catch(() => undefined);
    await api.fetch(`/api/users/${created.id}`, { method: 'PATCH', headers: ua, body: JSON.stringify({ role: 'commander', password: 'a-new-password' }) });
    await fetch(`${api.baseUrl}/api/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${(await api.login('au-op', 'a-new-password')).accessToken}` } });
    // device.create, device.rotate, device.disable
    await api.fetch('/api/devices', { method: 'POST', body: JSON.stringify({ id: 'ms-audit-1', kind: 'ms' }) });
    await api.fetch('/api/devices/ms-audit-1/rotate-secret', { method: 'POST' });
    await api.fetch('/api/devices/ms-audit-1/disable', { method: 'POST' });

    const all = await audit('limit=1000');
    const actions = all.items.map((e) => e.action);
    for (const action of ['user.create', 'auth.login', 'auth.login_failed', 'user.update', 'auth.logout', 'device.create', 'device.rotate', 'device.disable']) {
      expect(actions).toContain(action);
    }
    const update = (await audit(`action=user.update&targetId=${created.id}`)).items[0]!;
    expect(update).toMatchObject({
      actorName: 'admin', role: 'admin', targetType: 'user', targetId: created.id, userAgent: 'audit-test/1.0',
      before: { role: 'operator' }, after: { role: 'commander', passwordChanged: true },
    });
    expect(update.ip).toMatch(/127\.0\.0\.1/);
    expect(new Date(update.at).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(JSON.stringify(all.items)).not.toMatch(/a-new-password|operator-password/);
    const disable = (await audit('action=device.disable&targetId=ms-audit-1')).items[0]!;
    expect(disable).toMatchObject({ before: { enabled: true }, after: { enabled: false } });
    const failed = (await audit('action=auth.login_failed')).items[0]!;
    expect(failed).toMatchObject({ actorName: 'au-op', after: { reason: 'wrong password' } });
    expect(session.user.role).toBe('operator');
  });

  it('cannot be altered by the application’s database user: UPDATE, DELETE and TRUNCATE are refused', async () => {
    const db = api.app.get(DataSource);
    const [{ n }] = (await db.query('SELECT count(*)::int AS n FROM audit_log')) as [{ n: number }];
    expect(n).toBeGreaterThan(0);
    await expect(db.query(`UPDATE audit_log SET actor_name = 'mallory'`)).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(db.query('DELETE FROM audit_log')).rejects.toThrow(/append-only: DELETE refused/);
    await expect(db.query('TRUNCATE audit_log')).rejects.toThrow(/append-only: TRUNCATE refused/);
    const [{ n: after }] = (await db.query('SELECT count(*)::int AS n FROM audit_log')) as [{ n: number }];
    expect(after).toBe(n);
    expect(((await db.query(`SELECT count(*)::int AS n FROM audit_log WHERE actor_name = 'mallory'`)) as [{ n: number }])[0].n).toBe(0);
  });
});
