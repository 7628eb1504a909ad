import WebSocket from 'ws';

/**
 * A Socket.IO client without Socket.IO: Engine.IO 4 over a bare WebSocket, enough to sign in
 * (CONNECT with `auth`), subscribe (an event with an ack), answer the server's pings and hand
 * every later frame over undecoded. The bench's light fleet uses it so the client side costs this
 * machine only the bytes received, as if the screens ran elsewhere (docs/performance.md).
 */
export interface LightSocket {
  readonly open: boolean;
  close(): void;
}

const PING = '2';
const PONG = '3';

export function connectLight(
  baseUrl: string,
  auth: { token: string },
  subscription: { rooms: string[]; maxHz: number },
  onFrame: (frame: Buffer) => void,
): Promise<LightSocket> {
  const url = `${baseUrl.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
  const ws = new WebSocket(url, { perMessageDeflate: false, skipUTF8Validation: true });
  const socket: LightSocket = { get open() { return ws.readyState === WebSocket.OPEN; }, close: () => ws.close() };
  return new Promise((resolve, reject) => {
    let subscribed = false;
    const fail = (why: string): void => {
      ws.terminate();
      reject(new Error(why));
    };
    ws.once('error', (err) => fail(err.message));
    ws.on('message', (data: Buffer) => {
      if (data.length === 1 && data[0] === PING.charCodeAt(0)) return ws.send(PONG);
      if (subscribed) return onFrame(data);
      const text = data.toString('utf8');
      // Engine.IO OPEN → Socket.IO CONNECT with the token → CONNECT ack → subscribe (ack id 0) → its ack.
      if (text.startsWith('0{')) ws.send(`40${JSON.stringify(auth)}`);
      else if (text.startsWith('40')) ws.send(`420${JSON.stringify(['subscribe', subscription])}`);
      else if (text.startsWith('44')) fail(`connect refused: ${text.slice(2)}`);
      else if (text.startsWith('430')) {
        const [reply] = JSON.parse(text.slice(3)) as [{ ok: boolean; error?: string }];
        if (!reply.ok) return fail(`subscribe refused: ${reply.error}`);
        subscribed = true;
        resolve(socket);
      }
    });
  });
}
