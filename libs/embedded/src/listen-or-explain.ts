import { createServer, type Server } from 'node:net';

/** Listens on host:port, turning "address in use" into an error that names the variable to change. */
export function listenOrExplain(server: Server, port: number, host: string, envVariable: string, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (err.code === 'EADDRINUSE') {
        reject(new Error(`${what}: port ${port} on ${host} is already in use. Set ${envVariable} to a free port.`));
      } else {
        reject(err);
      }
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/** Fails fast, before slow start-up work, when host:port is taken; the error names the variable to change. */
export async function assertPortFree(port: number, host: string, envVariable: string, what: string): Promise<void> {
  if (port === 0) return;
  const probe = createServer();
  await listenOrExplain(probe, port, host, envVariable, what);
  await new Promise<void>((resolve) => probe.close(() => resolve()));
}
