import { createServer, type Server } from 'node:net';
import { createBroker, type AedesOptions } from 'aedes';
import { listenOrExplain } from './listen-or-explain';

export interface EmbeddedBroker {
  url: string;
  /** Number of clients connected right now. */
  connectedClients(): number;
  stop(): Promise<void>;
}

export interface EmbeddedBrokerOptions {
  port: number;
  host?: string;
  /** Hooks for device authentication and topic ACLs (see the identity issue); open when absent. */
  hooks?: Pick<AedesOptions, 'authenticate' | 'authorizePublish' | 'authorizeSubscribe'>;
}

/** An in-process MQTT 3.1.1 broker (aedes, in-memory persistence) for embedded mode and tests. */
export async function startEmbeddedBroker({ port, host = '127.0.0.1', hooks = {} }: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
  const broker = createBroker({ ...hooks });
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
    stop: async () => {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
