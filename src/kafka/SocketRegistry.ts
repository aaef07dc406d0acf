import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import type { ISocketFactory } from 'kafkajs';

/**
 * The broker connections of a group of kafkajs clients (kafkajs's default socket factory plus
 * bookkeeping). kafkajs can keep a connection it re-opened while a broker was restarting even
 * after `disconnect()`, which would keep the process alive after the job finished;
 * `destroyOpen()` ends those once every client of the group is disconnected.
 */
export class SocketRegistry {
  private readonly open = new Set<Socket>();

  readonly factory: ISocketFactory = ({ host, port, ssl, onConnect }) => {
    const socket = ssl
      ? tlsConnect({ host, port, ...(isIP(host) ? {} : { servername: host }), ...(ssl as ConnectionOptions) }, onConnect)
      : netConnect({ host, port }, onConnect);
    this.open.add(socket);
    socket.once('close', () => this.open.delete(socket));
    return socket;
  };

  /** Destroys the connections still open; returns how many there were. */
  destroyOpen(): number {
    const leaked = [...this.open];
    for (const socket of leaked) socket.destroy();
    this.open.clear();
    return leaked.length;
  }
}
