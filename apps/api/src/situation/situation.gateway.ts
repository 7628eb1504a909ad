import { WebSocketGateway, WebSocketServer, type OnGatewayConnection } from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';
import { SITUATION_ROOM, type ClientToServerEvents, type ServerToClientEvents, type SituationSnapshot } from '@tianyan/contracts';

/**
 * Where the situation picture leaves for the browser. It shares the Socket.IO server (and so the
 * LiveGateway's sign-in check, which refuses a connection before this runs): every signed-in socket
 * joins room `situation`, since the picture of every open incident is a few messages every few seconds.
 */
@WebSocketGateway()
export class SituationGateway implements OnGatewayConnection {
  @WebSocketServer() server?: Server<ClientToServerEvents, ServerToClientEvents>;

  handleConnection(socket: Socket): void {
    void socket.join(SITUATION_ROOM);
  }

  publish(snapshot: SituationSnapshot): void {
    this.server?.to(SITUATION_ROOM).emit('situation:update', snapshot);
  }
}
