import type { Server } from 'node:net';

/** Binds `server` to `port` (0: any free one) on `host`; resolves to the port bound, rejects on a bind error. */
export async function listenOn(server: Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as { port: number }).port;
}
