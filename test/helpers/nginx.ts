import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWithBinary, findBinary } from './required-binary';
import { freePort } from './redis-server';

/**
 * Debian's nginx in front of gateway replicas, with the shipped balancer rules
 * (deploy/nginx/proxy.conf) unchanged: the wrapper here sets only what differs per place —
 * the listen line, the replicas' server lines, pid, error_log and the temp paths. Without the
 * binary the suites skip with a message, unless REQUIRE_NGINX=1 (CI), where its absence fails.
 */

const PROXY_CONF = join(__dirname, '..', '..', 'deploy', 'nginx', 'proxy.conf');

const NGINX = { command: 'nginx', debianPath: '/usr/sbin/nginx', requiredBy: 'REQUIRE_NGINX' };

export const NGINX_BINARY = findBinary(NGINX);

/** `describe` when nginx exists; else a skip with a reason (or a failure with REQUIRE_NGINX=1). */
export const describeWithNginx = describeWithBinary(NGINX, NGINX_BINARY);

export interface Nginx {
  url: string;
  /** nginx's error log so far (upstream failures are logged there). */
  errorLog(): string;
  stop(): Promise<void>;
}

function listens(port: number): Promise<boolean> {
  return fetch(`http://127.0.0.1:${port}/healthz`).then(
    () => true,
    () => false,
  );
}

/** nginx on a free loopback port, balancing over `replicas` (http://host:port origins) in this order. */
export async function startNginx(replicas: string[]): Promise<Nginx> {
  if (!NGINX_BINARY) throw new Error('nginx is not installed');
  const dir = mkdtempSync(join(tmpdir(), 'gateway-nginx-'));
  // Run as root (CI), nginx's workers switch user: they must reach the temp paths.
  chmodSync(dir, 0o755);
  const port = await freePort();
  const servers = replicas.map((r) => `server ${new URL(r).host};`).join('\n');
  writeFileSync(join(dir, 'gateway-replicas.conf'), `${servers}\n`);
  writeFileSync(join(dir, 'gateway-listen.conf'), `listen 127.0.0.1:${port};\n`);
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((t) => `  ${t}_temp_path ${join(dir, t)};`)
    .join('\n');
  writeFileSync(
    join(dir, 'nginx.conf'),
    [
      `pid ${join(dir, 'nginx.pid')};`,
      `error_log ${join(dir, 'error.log')} info;`,
      'events {}',
      'http {',
      temp,
      `  include ${PROXY_CONF};`,
      '}',
      '',
    ].join('\n'),
  );
  const errorLog = join(dir, 'error.log');
  const child: ChildProcess = spawn(
    NGINX_BINARY,
    ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', errorLog, '-g', 'daemon off;'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let i = 0; !(await listens(port)); i++) {
    if (child.exitCode !== null || i > 500) {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`nginx did not start on port ${port}: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  const read = () => {
    try {
      return readFileSync(errorLog, 'utf8');
    } catch {
      return '';
    }
  };
  return {
    url: `http://127.0.0.1:${port}`,
    errorLog: read,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
