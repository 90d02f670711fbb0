import { connect, Socket } from 'node:net';
import { Worker } from 'node:worker_threads';

/*
 * A listener whose thread never accepts: a worker listens with backlog 1, then blocks.
 * Once its accept queue is full (two handshakes on Linux), the kernel drops further SYNs,
 * so a new connection attempt hangs like one to a silently dropping firewall.
 */
const LISTENER = `
const { parentPort, workerData } = require('node:worker_threads');
const server = require('node:net').createServer();
server.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
  parentPort.postMessage(server.address().port);
  Atomics.wait(new Int32Array(workerData), 0, 0);
  server.close();
});`;

export async function startBlackhole(): Promise<{ origin: string; close: () => Promise<void> }> {
  const wake = new SharedArrayBuffer(4);
  const worker = new Worker(LISTENER, { eval: true, workerData: wake });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  // Fill the accept queue: wait for two handshakes; the other attempts may hang already.
  const fillers: Socket[] = [];
  await new Promise<void>((r) => {
    let connected = 0;
    for (let i = 0; i < 4; i++) {
      const s = connect(port, '127.0.0.1');
      s.on('error', () => undefined);
      s.once('connect', () => ++connected === 2 && r());
      fillers.push(s);
    }
  });
  return {
    origin: `http://127.0.0.1:${port}`,
    close: async () => {
      for (const s of fillers) s.destroy();
      const flag = new Int32Array(wake);
      Atomics.store(flag, 0, 1);
      Atomics.notify(flag, 0);
      await new Promise((r) => worker.once('exit', r));
    },
  };
}
