import type { Server } from 'node:net';

/** Listens on host:port, turning "address in use" into an error that names the variable to change. */
export function listenOrExplain(server: Server, port: number, host: string, envVariable: string, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (err.code === 'EADDRINUSE') {
        reject(new Error(`${what}: port ${port} on ${host} is already in use. Set ${envVariable} to a free port (or point the matching *_URL at an external server).`));
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
