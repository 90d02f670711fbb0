import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { request } from 'undici';
import type { Principal } from '../../../src/http/principal';

const ROOT = join(__dirname, '..', '..', '..');
const SWC_REGISTER = join(ROOT, 'test', 'ops', 'helpers', 'swc-register.js');
const CAPTURE = join(__dirname, 'capture-child.ts');
export const SECRET = 'multi-replica-e2e-secret-0123456789abcdef';

/** One gateway process (the real src/main.ts), as deployed behind a balancer. */
export interface Replica {
  name: string;
  url: string;
  /** Everything the process wrote (JSON log lines and the start-up lines). */
  output(): string;
  stop(): Promise<void>;
  /** SIGKILL: the process dies at once, mid-request, without draining. */
  kill(): Promise<void>;
}

/** Starts `count` gateway processes on one OCI backend, with the same secret and `env`. */
export async function startReplicas(count: number, env: Record<string, string>): Promise<Replica[]> {
  const started = await Promise.allSettled(
    Array.from({ length: count }, (_, i) => startReplica(`replica-${i + 1}`, env)),
  );
  const ok = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) {
    await Promise.all(ok.map((r) => r.stop()));
    throw failed.reason;
  }
  return ok;
}

async function startReplica(name: string, env: Record<string, string>): Promise<Replica> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['-r', SWC_REGISTER, '-r', CAPTURE, join(ROOT, 'src', 'main.ts')],
    {
      env: {
        PATH: process.env.PATH ?? '',
        PORT: '0',
        HOST: '127.0.0.1',
        OCI_USERNAME: 'admin',
        OCI_PASSWORD: 'admin-password',
        AUTH_JWT_SECRET: SECRET,
        LOG_LEVEL: 'info',
        // The documents the replicas send are XSD-checked by the global teardown too.
        ...(process.env.OCI_DOCUMENT_CAPTURE_DIR
          ? { OCI_DOCUMENT_CAPTURE_DIR: process.env.OCI_DOCUMENT_CAPTURE_DIR }
          : {}),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not listen:\n${out}`)), 30_000);
    const check = () => {
      const m = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    // The banner goes to stderr when stdout is not a terminal.
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code}:\n${out}`));
    });
  });
  return {
    name,
    url,
    output: () => out,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
    async kill() {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** An HS256 access token the replicas accept. */
export function token(claims: Partial<Principal> = {}): Promise<string> {
  const { sub = 'e2e-system', level = 'system', ...rest } = claims;
  return new SignJWT({ level, typ: 'access', ...rest })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime('15m')
    .sign(new TextEncoder().encode(SECRET));
}

/** A JSON answer: a resource, or problem+json (`type`). */
export type Body = { type?: string; [field: string]: unknown };

export interface Answer {
  status: number;
  headers: Record<string, string>;
  json: Body;
}

/** One request to a replica; JSON in, JSON or problem+json out. */
export async function call(
  replica: Replica,
  method: string,
  path: string,
  opts: { body?: unknown; headers?: Record<string, string>; token?: string } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {
    authorization: `Bearer ${opts.token ?? (await token())}`,
    ...opts.headers,
  };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await request(replica.url + path, {
    method: method as 'GET',
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const text = await res.body.text();
  const h: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) h[k] = Array.isArray(v) ? v.join(', ') : v;
  return { status: res.statusCode, headers: h, json: text ? (JSON.parse(text) as Body) : {} };
}
