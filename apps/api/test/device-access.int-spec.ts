import mqtt, { type MqttClient } from 'mqtt';
import { DataSource } from 'typeorm';
import type { DeviceCredentialIssued, Page, QuarantineEntry } from '@tianyan/contracts';
import { makeDroneTelemetry, makeMsSurvey, pollUntil, type BrokerLogin } from '@tianyan/testing';
import { connectPublisher, publishJson } from './device-publisher';
import { startTestApp, startTestServers, TEST_BACKEND, type TestApp, type TestServers } from './test-stack';

/**
 * Device credentials and topic ACLs, enforced by the broker itself: aedes embedded, or the shipped
 * Mosquitto config with the password file and ACL that `npm run broker:acl` generates.
 */
describe(`device credentials and topic ACLs at the broker (${TEST_BACKEND} servers)`, () => {
  let servers: TestServers;
  let api: TestApp;
  let alpha: DeviceCredentialIssued;
  let bravo: DeviceCredentialIssued;
  const open: MqttClient[] = [];

  const login = (c: DeviceCredentialIssued): BrokerLogin => ({ username: c.username, password: c.password });
  const connectAs = async (l: BrokerLogin, clientId = `${l.username}-${Math.random().toString(16).slice(2, 8)}`) => {
    const client = await mqtt.connectAsync(servers.mqttUrl, { clientId, protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 5000, ...l });
    open.push(client);
    return client;
  };
  const rows = async (table: string, deviceId: string, seq?: number) =>
    Number(((await api.app.get(DataSource).query(`SELECT count(*)::int AS n FROM ${table} WHERE device_id = $1 AND ($2::bigint IS NULL OR seq = $2)`, [deviceId, seq ?? null])) as { n: number }[])[0]!.n);
  const register = async (id: string, kind: string) => {
    const res = await api.fetch('/api/devices', { method: 'POST', body: JSON.stringify({ id, kind }) });
    expect(res.status).toBe(201);
    return (await res.json()) as DeviceCredentialIssued;
  };
  /** Publishes a valid reading as the device and waits until it is stored: the device is unaffected. */
  const publishStored = async (client: MqttClient, deviceId: string, seq: number) => {
    await publishJson(client, `tianyan/v1/drone/${deviceId}/telemetry`, makeDroneTelemetry({ ts: Date.now() - 1000, seq }));
    await pollUntil(() => rows('drone_telemetry', deviceId, seq), (n) => n === 1, { what: `reading ${seq} of ${deviceId} stored` });
  };

  beforeAll(async () => {
    servers = await startTestServers();
    api = await startTestApp(servers, { env: { INGEST_AUTO_PROVISION: 'off' } });
    alpha = await register('drone-acl-a', 'drone');
    bravo = await register('drone-acl-b', 'drone');
    await servers.syncDeviceAuth(api);
  });
  afterAll(async () => {
    await Promise.all(open.map((c) => c.endAsync(true).catch(() => undefined)));
    await api?.close();
    await servers?.stop();
  });

  it('issues a random secret once, for the device id as username and its own topic prefix', () => {
    expect(alpha).toMatchObject({ deviceId: 'drone-acl-a', username: 'drone-acl-a', kind: 'drone', topicPrefix: 'tianyan/v1/drone/drone-acl-a/#' });
    expect(alpha.password.length).toBeGreaterThanOrEqual(32);
    expect(alpha.password).not.toBe(bravo.password);
  });

  it('stores only slow hashes of the secret', async () => {
    const [row] = (await api.app.get(DataSource).query('SELECT secret_hash, mosquitto_hash FROM device_credentials WHERE device_id = $1', ['drone-acl-a'])) as { secret_hash: string; mosquitto_hash: string }[];
    expect(row!.secret_hash).toMatch(/^\$2[aby]\$1\d\$/);
    expect(row!.mosquitto_hash).toMatch(/^\$7\$100000\$/);
    expect(JSON.stringify(row)).not.toContain(alpha.password);
  });

  it('lets a registered device publish under its own topic', async () => {
    const device = await connectAs(login(alpha), 'drone-acl-a');
    await publishStored(device, 'drone-acl-a', 1);
  });

  it('refuses a wrong password, another device’s password, and no credentials at all', async () => {
    await expect(connectAs({ username: 'drone-acl-a', password: 'not-the-secret' })).rejects.toThrow(/Not authorized|Bad username or password|not authori[sz]ed/i);
    await expect(connectAs({ username: 'drone-acl-a', password: bravo.password })).rejects.toThrow();
    await expect(mqtt.connectAsync(servers.mqttUrl, { protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 5000 })).rejects.toThrow();
  });

  it('refuses a device publishing under another device’s topic, or another kind: nothing is stored', async () => {
    // aedes closes the connection; Mosquitto (MQTT 3.1.1 has no negative PUBACK) drops the message.
    const attempt = async (topic: string, body: unknown) => {
      const device = await connectAs(login(alpha));
      const closed = new Promise<string>((resolve) => device.once('close', () => resolve('closed')));
      return Promise.race([publishJson(device, topic, body).then(() => 'acknowledged'), closed]);
    };
    const outcomes = [
      await attempt('tianyan/v1/drone/drone-acl-b/telemetry', makeDroneTelemetry({ seq: 7 })),
      await attempt('tianyan/v1/ms/drone-acl-a/survey', makeMsSurvey({ seq: 7 })),
    ];
    expect(outcomes).toEqual(TEST_BACKEND === 'embedded' ? ['closed', 'closed'] : [expect.any(String), expect.any(String)]);
    // A later valid reading of bravo itself is stored: everything published before it had its chance.
    const b = await connectAs(login(bravo));
    await publishStored(b, 'drone-acl-b', 100);
    expect(await rows('drone_telemetry', 'drone-acl-b')).toBe(1);
    expect(await rows('ms_survey', 'drone-acl-a')).toBe(0);
    const quarantined = (await (await api.fetch('/api/quarantine?deviceId=drone-acl-b')).json()) as Page<QuarantineEntry>;
    expect(quarantined.total).toBe(0);
    // The valid device is unaffected.
    await publishStored(await connectAs(login(alpha)), 'drone-acl-a', 2);
  });

  it('refuses a device reading outside its own prefix', async () => {
    const device = await connectAs(login(alpha));
    const received: string[] = [];
    device.on('message', (topic) => received.push(topic));
    // aedes refuses the subscription (return code 128; mqtt.js rejects on it); Mosquitto 2.0 grants
    // it but its read ACL lets nothing through from other devices' topics.
    const wide = await device.subscribeAsync('tianyan/#', { qos: 1 }).then(
      (granted) => granted[0]!.qos,
      (err: { packet?: { granted?: number[] } }) => err.packet?.granted?.[0],
    );
    if (TEST_BACKEND === 'embedded') expect(wide).toBe(128);
    const own = await device.subscribeAsync('tianyan/v1/drone/drone-acl-a/#', { qos: 1 });
    expect(own[0]!.qos).toBe(1);
    const fleet = await connectPublisher(servers);
    open.push(fleet);
    await publishJson(fleet, 'tianyan/v1/drone/drone-acl-b/status', { ts: Date.now(), seq: 1, state: 'online' });
    await publishJson(fleet, 'tianyan/v1/drone/drone-acl-a/status', { ts: Date.now(), seq: 1, state: 'online' });
    await pollUntil(() => received, (r) => r.includes('tianyan/v1/drone/drone-acl-a/status'), { what: 'own topic delivered' });
    expect(received.filter((t) => !t.startsWith('tianyan/v1/drone/drone-acl-a/'))).toEqual([]);
  });

  it('cuts off the old secret at once when the secret is rotated', async () => {
    const before = await connectAs(login(alpha));
    const res = await api.fetch('/api/devices/drone-acl-a/rotate-secret', { method: 'POST' });
    expect(res.status).toBe(200);
    const rotated = (await res.json()) as DeviceCredentialIssued;
    expect(rotated.password).not.toBe(alpha.password);
    await servers.syncDeviceAuth(api);
    await expect(connectAs(login(alpha))).rejects.toThrow();
    if (TEST_BACKEND === 'embedded') {
      // The embedded broker also closes connections made with the old secret.
      await pollUntil(() => before.connected, (c) => !c, { what: 'old connection closed' });
    }
    const after = await connectAs(login(rotated));
    await publishStored(after, 'drone-acl-a', 3);
    alpha = rotated;
  });

  it('refuses a disabled device at the broker', async () => {
    const res = await api.fetch('/api/devices/drone-acl-b/disable', { method: 'POST' });
    expect(res.status).toBe(200);
    await servers.syncDeviceAuth(api);
    await expect(connectAs(login(bravo))).rejects.toThrow();
    expect((await api.fetch('/api/devices/drone-acl-b/enable', { method: 'POST' })).status).toBe(200);
    await servers.syncDeviceAuth(api);
    await publishStored(await connectAs(login(bravo)), 'drone-acl-b', 101);
  });

  it('quarantines a message whose payload names another device than its topic (ingest re-check)', async () => {
    const fleet = await connectPublisher(servers);
    open.push(fleet);
    await publishJson(fleet, 'tianyan/v1/drone/drone-acl-a/telemetry', makeDroneTelemetry({ seq: 50, deviceId: 'drone-acl-b' }));
    const page = await pollUntil(
      async () => (await (await api.fetch('/api/quarantine?deviceId=drone-acl-a')).json()) as Page<QuarantineEntry>,
      // Items and total are two queries: wait for the row itself.
      (p) => p.items.length >= 1,
      { what: 'mismatch quarantined' },
    );
    expect(page.items[0]!.reason).toMatch(/payload names device "drone-acl-b"/);
  });

  it('refuses to register a device twice or with another kind (409), and an unknown one to rotate (404)', async () => {
    expect((await api.fetch('/api/devices', { method: 'POST', body: JSON.stringify({ id: 'drone-acl-a', kind: 'drone' }) })).status).toBe(409);
    expect((await api.fetch('/api/devices', { method: 'POST', body: JSON.stringify({ id: 'drone-acl-a', kind: 'ms' }) })).status).toBe(409);
    expect((await api.fetch('/api/devices/nope-1/rotate-secret', { method: 'POST' })).status).toBe(404);
    expect((await api.fetch('/api/devices', { method: 'POST', body: JSON.stringify({ id: 'bad id!', kind: 'drone' }) })).status).toBe(400);
  });
});
