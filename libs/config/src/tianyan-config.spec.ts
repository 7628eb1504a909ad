import { ConfigError, loadConfig } from './tianyan-config';

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
});
