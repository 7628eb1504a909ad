/**
 * `npm run broker:acl [-- --out deploy/mosquitto/auth]`: writes the production Mosquitto's password
 * file and ACL from the device registry (docs/adr/0004). Then reload the broker:
 *   docker compose kill -s SIGHUP mosquitto
 * Needs DATABASE_URL, and MQTT_USERNAME / MQTT_PASSWORD: ingest's account on the broker.
 */
import 'reflect-metadata';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '@tianyan/config';
import { ingestServiceAccount } from '@tianyan/embedded';
import { createStorageDataSource, DeviceCredentialRepository } from '@tianyan/storage';
import { mosquittoAuthFiles } from '../device-access/mosquitto-files';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string', default: 'deploy/mosquitto/auth' } } });
  const config = loadConfig();
  if (!config.database.url) throw new ConfigError('DATABASE_URL must name the production database');
  const { username, password } = config.mqtt;
  if (!username || !password) throw new ConfigError('MQTT_USERNAME and MQTT_PASSWORD must be set: ingest connects to the broker with them');
  const dataSource = await createStorageDataSource(config);
  try {
    const rows = await new DeviceCredentialRepository(dataSource).findAll();
    const files = await mosquittoAuthFiles(rows, [ingestServiceAccount(username, password)]);
    const dir = resolve(values.out!);
    await mkdir(dir, { recursive: true });
    // Write then rename: the broker never reads a half-written file.
    for (const [name, content] of [['passwd', files.passwd], ['acl', files.acl]] as const) {
      await writeFile(join(dir, `${name}.tmp`), content, { mode: 0o644 });
      await rename(join(dir, `${name}.tmp`), join(dir, name));
    }
    process.stdout.write(`wrote ${join(dir, 'passwd')} and ${join(dir, 'acl')}: ${files.devices} devices + ingest account "${username}".\n`);
    process.stdout.write('Reload the broker to apply: docker compose kill -s SIGHUP mosquitto\n');
  } finally {
    await dataSource.destroy();
  }
}

main().catch((err: Error) => {
  process.stderr.write(`${err instanceof ConfigError ? err.message : `broker:acl failed: ${err.stack ?? err.message}`}\n`);
  process.exit(1);
});
