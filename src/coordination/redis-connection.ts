import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { CoordinationError } from './errors';

export interface RedisConnectionOptions {
  /** redis:// or rediss:// URL; may carry the password. */
  url: string;
  /** Overrides the URL's password (REDIS_PASSWORD / REDIS_PASSWORD_FILE). */
  password?: string;
  /** Bound of every command and of the connection attempt: a slow Redis is a down Redis. */
  timeoutMs: number;
  logger?: Pick<Logger, 'info' | 'warn'>;
  /** Called on every transition between usable and degraded (metrics). */
  onChange?: (degraded: boolean) => void;
}

/** Where the gateway's Redis is, without credentials (for logs and /readyz). */
export function redisTarget(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.host}${u.pathname === '/' ? '' : u.pathname}`;
}

/**
 * One ioredis client plus what the gateway knows of its health. Commands fail at once while
 * the connection is down (no offline queue) and after `timeoutMs` when Redis is slow; the
 * client reconnects by itself. Health changes are logged once per transition.
 */
export class RedisConnection {
  readonly client: Redis;
  readonly target: string;
  private degradedReason: string | undefined = 'connecting';
  /** What the logs last said; 'starting' until the first connect succeeds or fails. */
  private state: 'starting' | 'up' | 'down' = 'starting';
  private closed = false;

  constructor(private readonly opts: RedisConnectionOptions) {
    this.target = redisTarget(opts.url);
    this.client = new Redis(opts.url, {
      ...(opts.password !== undefined ? { password: opts.password } : {}),
      connectTimeout: Math.max(opts.timeoutMs, 200),
      commandTimeout: opts.timeoutMs,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      // Reconnect forever, quickly at first; a replica without Redis keeps serving what it can.
      retryStrategy: (times) => Math.min(50 * times, 1000),
      keyPrefix: 'ocigw:',
    });
    this.client.on('ready', () => this.markUp());
    this.client.on('error', (err: Error) => this.markDown(err.message));
    this.client.on('close', () => this.markDown('connection closed'));
  }

  get degraded(): boolean {
    return this.degradedReason !== undefined;
  }

  get reason(): string | undefined {
    return this.degradedReason;
  }

  /** Runs one Redis call; any failure becomes CoordinationError('unavailable') and marks Redis down. */
  async call<T>(what: string, fn: (client: Redis) => Promise<T>): Promise<T> {
    try {
      const out = await fn(this.client);
      if (this.client.status === 'ready') this.markUp();
      return out;
    } catch (err) {
      const message = (err as Error).message;
      this.markDown(`${what}: ${message}`);
      throw new CoordinationError('unavailable', `Redis ${what} failed: ${message}`, { cause: err });
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.client.removeAllListeners('close');
    try {
      await this.client.quit();
    } catch {
      this.client.disconnect();
    }
  }

  private markUp(): void {
    if (this.state === 'up' || this.closed) return;
    this.state = 'up';
    this.degradedReason = undefined;
    this.opts.logger?.info({ redis: this.target }, 'Redis coordination available: state shared by the fleet');
    this.opts.onChange?.(false);
  }

  private markDown(reason: string): void {
    if (this.closed) return;
    this.degradedReason = reason;
    if (this.state === 'down') return;
    this.state = 'down';
    this.opts.logger?.warn(
      { redis: this.target, reason },
      'Redis coordination unavailable: If-Match and Idempotency-Key writes answer 503, counters are per replica',
    );
    this.opts.onChange?.(true);
  }
}

/** Registers a Lua script on the client once and returns a typed caller (EVALSHA, EVAL fallback). */
export function luaScript(client: Redis, name: string, keys: number, lua: string) {
  if (!(name in client)) client.defineCommand(name, { numberOfKeys: keys, lua });
  return (...args: (string | number)[]): Promise<unknown> =>
    (client as unknown as Record<string, (...a: (string | number)[]) => Promise<unknown>>)[name](...args);
}
