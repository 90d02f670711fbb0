import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { eventually } from './eventually';

const ROOT = join(__dirname, '..', '..');
const REGISTER = join(ROOT, 'test', 'ops', 'helpers', 'swc-register.js');

/** The gateway as an operator runs it: src/main.ts in its own node process, configured by env. */
export interface GatewayProcess {
  /** http://127.0.0.1:PORT, from the start-up banner. */
  base: string;
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** The exit code once it exited; undefined while it runs. */
  exitCode(): number | null | undefined;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  /** Lines logged at fatal (the last-resort handler's), or a crash trace on stderr. */
  fatalOutput(): string[];
  /** SIGKILL (no-op once it exited). */
  kill(): Promise<void>;
}

/**
 * The environment of a gateway process in front of the simulator at `ociUrl` (its admin login,
 * the 14sp4 login), signing tokens with `secret`, logging warnings and worse; callers add or
 * override the rest.
 */
export function simulatorEnv(ociUrl: string, secret: string): Record<string, string> {
  return {
    OCI_URL: ociUrl,
    OCI_USERNAME: 'admin',
    OCI_PASSWORD: 'admin-password',
    OCI_LOGIN: '14sp4',
    AUTH_JWT_SECRET: secret,
    LOG_LEVEL: 'warn',
  };
}

/**
 * Starts the gateway process (`node -r swc-register src/main.ts`, the same sources `npm run build`
 * compiles) with only the given environment (and PATH), waits for its banner.
 */
export async function spawnGateway(
  env: Record<string, string>,
  opts: { nodeArgs?: string[]; withinMs?: number } = {},
): Promise<GatewayProcess> {
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), '-r', REGISTER, join(ROOT, 'src', 'main.ts')], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let code: number | null | undefined;
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (c) => {
      code = c;
      resolve(c);
    }),
  );
  try {
    await eventually(
      () => {
        if (code !== undefined) throw new Error(`the gateway exited ${code}:\n${out}\n${err}`);
        // The banner is for a person: on stderr, since stdout is a pipe here (JSON lines only).
        return /listening on http:\/\/127\.0\.0\.1:\d+/.test(err);
      },
      'the gateway to listen',
      { withinMs: opts.withinMs ?? 30_000, everyMs: 20 },
    );
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
  const base = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(err)![1];
  return {
    base,
    child,
    stdout: () => out,
    stderr: () => err,
    exitCode: () => code,
    exited,
    fatalOutput: () => [
      ...out.split('\n').filter((l) => l.includes('"level":"fatal"')),
      ...err.split('\n').filter((l) => /fatal|RangeError|Maximum call stack|uncaught/i.test(l)),
    ],
    async kill() {
      if (code === undefined) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Whether the process still answers /healthz with 200. */
export async function healthy(gw: GatewayProcess): Promise<boolean> {
  if (gw.exitCode() !== undefined) return false;
  try {
    const res = await fetch(`${gw.base}/healthz`);
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}
