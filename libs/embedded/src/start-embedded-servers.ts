import { Logger } from '@nestjs/common';
import type { TianyanConfig } from '@tianyan/config';
import { randomBytes } from 'node:crypto';
import { BrokerAccess, ingestServiceAccount } from './broker-access';
import { startEmbeddedBroker } from './embedded-broker';
import { startEmbeddedDatabase } from './embedded-database';

/**
 * Statement budget on the embedded database. The 64 KiB limit of DESIGN.md §2 is gone with message
 * reassembly (see embedded-database.ts); the budget stays as it was measured and tested, and keeps one
 * statement's synchronous run in PGlite short.
 */
export const EMBEDDED_MAX_STATEMENT_BYTES = 48 * 1024;

export interface EmbeddedServers {
  /** The configuration with the embedded servers' URLs and limits filled in. */
  config: TianyanConfig;
  /**
   * Access control of the embedded broker, when one was started: the application binds its device
   * gatekeeper here (devices are refused until then); ingest's service account works from the start.
   */
  brokerAccess?: BrokerAccess;
  stop(): Promise<void>;
}

/**
 * Starts an embedded TimescaleDB and MQTT broker for whatever the configuration leaves without a
 * URL, so `npm start` needs nothing but Node. External URLs are used as they are.
 */
export async function startEmbeddedServers(config: TianyanConfig): Promise<EmbeddedServers> {
  const logger = new Logger('EmbeddedServers');
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch((err: Error) => logger.error(err.message));
  };
  let effective = config;
  let brokerAccess: BrokerAccess | undefined;
  try {
    if (!config.database.url) {
      const db = await startEmbeddedDatabase({ port: config.database.embedded.port, dataDir: config.database.embedded.dataDir });
      stops.push(db.stop);
      effective = { ...effective, database: { ...effective.database, url: db.url, poolSize: 1, maxStatementBytes: EMBEDDED_MAX_STATEMENT_BYTES } };
      logger.log(`embedded TimescaleDB (PGlite) at ${db.url}, data in ${config.database.embedded.dataDir}`);
    }
    if (!config.mqtt.url) {
      // Ingest connects as a service account generated for this run (MQTT_USERNAME/PASSWORD win).
      const username = config.mqtt.username || 'tianyan-ingest';
      const password = config.mqtt.password || randomBytes(24).toString('base64url');
      brokerAccess = new BrokerAccess([ingestServiceAccount(username, password)]);
      const broker = await startEmbeddedBroker({ port: config.mqtt.embedded.port, access: brokerAccess });
      stops.push(broker.stop);
      effective = { ...effective, mqtt: { ...effective.mqtt, url: broker.url, username, password } };
      logger.log(`embedded MQTT broker (aedes, MQTT 3.1.1) at ${broker.url}`);
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { config: effective, brokerAccess, stop };
}
