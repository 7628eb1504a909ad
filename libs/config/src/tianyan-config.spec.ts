import { ConfigError, loadConfig, nestLogLevels } from './tianyan-config';

describe('loadConfig', () => {
  it('defaults to embedded servers with auto-provisioning and the demo on', () => {
    const config = loadConfig({});
    expect(config.database.url).toBeUndefined();
    expect(config.mqtt.url).toBeUndefined();
    expect(config.ingest.autoProvision).toBe(true);
    expect(config.demo.enabled).toBe(true);
    expect(config.http.port).toBe(3000);
  });

  it('turns auto-provisioning and the demo off when external servers are named', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://127.0.0.1:5432/tianyan', MQTT_URL: 'mqtt://127.0.0.1:1883' });
    expect(config.ingest.autoProvision).toBe(false);
    expect(config.demo.enabled).toBe(false);
  });

  it('names every invalid variable', () => {
    expect(() => loadConfig({ PORT: 'eighty', MQTT_URL: 'http://broker', INGEST_ENABLED: 'maybe' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'eighty', MQTT_URL: 'http://broker' });
    } catch (e) {
      expect((e as Error).message).toMatch(/PORT/);
      expect((e as Error).message).toMatch(/MQTT_URL: must start with mqtt:\/\//);
    }
  });

  it('keeps auto-provisioning to the embedded demo and refuses it in production', () => {
    expect(loadConfig({ DEMO: 'off' }).ingest.autoProvision).toBe(false);
    expect(loadConfig({ DEMO: 'off', INGEST_AUTO_PROVISION: 'on' }).ingest.autoProvision).toBe(true);
    const prod = { NODE_ENV: 'production', DATABASE_URL: 'postgres://db/t', MQTT_URL: 'mqtt://b:1883', AUTH_JWT_SECRET: 'x'.repeat(40) };
    expect(loadConfig(prod).ingest.autoProvision).toBe(false);
    expect(() => loadConfig({ ...prod, INGEST_AUTO_PROVISION: 'on' })).toThrow(/INGEST_AUTO_PROVISION/);
  });

  it('requires a JWT secret and forbids CORS "*" in production; the demo admin password only in the demo', () => {
    const prod = { NODE_ENV: 'production', DATABASE_URL: 'postgres://db/t', MQTT_URL: 'mqtt://b:1883' };
    expect(() => loadConfig(prod)).toThrow(/AUTH_JWT_SECRET/);
    expect(() => loadConfig({ ...prod, AUTH_JWT_SECRET: 'x'.repeat(40), CORS_ORIGINS: '*' })).toThrow(/CORS_ORIGINS/);
    const config = loadConfig({ ...prod, AUTH_JWT_SECRET: 'x'.repeat(40), CORS_ORIGINS: 'https://a.example, https://b.example' });
    expect(config.security.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(config.auth.firstAdmin.password).toBeUndefined();
    expect(loadConfig({}).auth.firstAdmin).toMatchObject({ username: 'admin', isDemoDefault: true });
    expect(loadConfig({ DEMO: 'off' }).auth.firstAdmin.password).toBeUndefined();
  });

  it('prints LOG_LEVEL and the levels more severe than it', () => {
    expect(nestLogLevels(loadConfig({ LOG_LEVEL: 'warn' }).logLevel)).toEqual(['error', 'warn']);
    expect(nestLogLevels(loadConfig({}).logLevel)).toEqual(['error', 'warn', 'log']);
    expect(() => loadConfig({ LOG_LEVEL: 'chatty' })).toThrow(/LOG_LEVEL/);
  });
});
