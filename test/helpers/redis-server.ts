import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { describeWithBinary, findBinary } from './required-binary';

/**
 * A real redis-server (Debian's `redis-server`) on a free loopback port, without persistence,
 * started and stopped by the test. Without the binary the suites skip with a message, unless
 * REQUIRE_REDIS=1 (CI), where its absence is a failure.
 */

const REDIS = { command: 'redis-server', debianPath: '/usr/bin/redis-server', requiredBy: 'REQUIRE_REDIS' };

export const REDIS_BINARY = findBinary(REDIS);

/** `describe` when redis-server exists; else a skip with a reason (or a failure with REQUIRE_REDIS=1). */
export const describeWithRedis = describeWithBinary(REDIS, REDIS_BINARY);

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
      .once('error', reject)
      .listen(0, '127.0.0.1', () => {
        const { port } = s.address() as { port: number };
        s.close(() => resolve(port));
      });
  });
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect(port, '127.0.0.1');
    let data = '';
    sock.once('connect', () => sock.write('PING\r\n'));
    sock.on('data', (d) => {
      data += d.toString();
      if (data.includes('\r\n')) {
        sock.destroy();
        resolve(data.startsWith('+PONG') || data.startsWith('-NOAUTH'));
      }
    });
    sock.once('error', () => resolve(false));
  });
}

export interface RedisServer {
  port: number;
  url: string;
  /** Stops the server (SIGTERM) and waits for its exit; the port stays reserved for start(). */
  stop(): Promise<void>;
  /** Starts it again on the same port (empty: no persistence). */
  start(): Promise<void>;
}

export async function startRedis(opts: { password?: string } = {}): Promise<RedisServer> {
  if (!REDIS_BINARY) throw new Error('redis-server is not installed');
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
    if (opts.password) args.push('--requirepass', opts.password);
    const proc = spawn(REDIS_BINARY, args, { stdio: 'ignore' });
    child = proc;
    for (let i = 0; i < 500; i++) {
      if (proc.exitCode !== null) throw new Error(`redis-server exited with ${proc.exitCode} on port ${port}`);
      if (await answersPing(port)) return;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`redis-server never answered on port ${port}`);
  };
  const stop = async () => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGTERM');
    await exited;
  };
  await start();
  return { port, url: `redis://127.0.0.1:${port}`, start, stop };
}
