import { createServer, type Server } from 'node:net';
import { createBroker, type AedesOptions } from 'aedes';
import { listenOrExplain } from './listen-or-explain';
import type { BrokerAccess } from './broker-access';

export interface EmbeddedBroker {
  url: string;
  /** Number of clients connected right now. */
  connectedClients(): number;
  /** Device authentication and topic ACLs, when the broker was started with them. */
  access?: BrokerAccess;
  stop(): Promise<void>;
}

export interface EmbeddedBrokerOptions {
  port: number;
  host?: string;
  /**
   * Device authentication and topic ACLs (docs/adr/0004). Absent: an open broker, for broker-only
   * tests; every launcher and the api test stack pass one.
   */
  access?: BrokerAccess;
  /** Raw aedes hooks, for tests of the broker itself; `access` wins. */
  hooks?: Pick<AedesOptions, 'authenticate' | 'authorizePublish' | 'authorizeSubscribe'>;
}

/** An in-process MQTT 3.1.1 broker (aedes, in-memory persistence) for embedded mode and tests. */
export async function startEmbeddedBroker({ port, host = '127.0.0.1', access, hooks = {} }: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
  const broker = createBroker({ ...hooks, ...access?.hooks() });
  access?.attach(broker);
  const server: Server = createServer(broker.handle);
  try {
    await listenOrExplain(server, port, host, 'MQTT_PORT', 'Embedded MQTT broker');
  } catch (err) {
    await new Promise<void>((resolve) => broker.close(() => resolve()));
    throw err;
  }
  const actualPort = (server.address() as { port: number }).port;
  return {
    url: `mqtt://${host}:${actualPort}`,
    connectedClients: () => broker.connectedClients,
    access,
    stop: async () => {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
