import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import type { Logger } from 'pino';
import type { Config, AuthConfig } from '../../../src/config';
import type { OciCredentialVerifier, OciExecutor } from '../../../src/oci/executor';
import { createAuth, type Auth } from '../../../src/http/auth/create-auth';
import type { BruteForceOptions } from '../../../src/http/auth/brute-force';
import { createEdge, createRateLimiter } from '../../../src/http/edge';
import { PRINCIPAL_LOCAL } from '../../../src/http/principal';

export interface TestApp {
  url: string;
  auth: Auth;
  close(): Promise<void>;
}

export interface TestAppOptions {
  auth: AuthConfig;
  verifier?: OciCredentialVerifier;
  executor?: OciExecutor;
  rateLimitRps?: number;
  corsOrigins?: string[];
  bodyLimitBytes?: number;
  now?: () => number;
  logger?: Logger;
  bruteForce?: BruteForceOptions;
  /** Extra middleware in front of everything (e.g. pino-http). */
  before?: express.RequestHandler[];
}

const unusedVerifier: OciCredentialVerifier = {
  verifyCredentials: () => Promise.reject(new Error('no verifier in this test')),
};
const unusedExecutor: OciExecutor = { execute: () => Promise.reject(new Error('no executor in this test')) };

/**
 * A small gateway-shaped app over real HTTP: edge → login routes → authenticate → rate
 * limit → scope → a dummy handler that echoes the principal (the decision uses only token + path).
 */
export async function startTestApp(opts: TestAppOptions): Promise<TestApp> {
  const config = {
    auth: opts.auth,
    corsOrigins: opts.corsOrigins ?? [],
    bodyLimitBytes: opts.bodyLimitBytes ?? 64 * 1024,
    rateLimitRps: opts.rateLimitRps,
  } as Config;
  const auth = createAuth({
    config: opts.auth,
    verifier: opts.verifier ?? unusedVerifier,
    executor: opts.executor ?? unusedExecutor,
    now: opts.now,
    logger: opts.logger,
    bruteForce: opts.bruteForce,
  });
  const app = express();
  app.set('trust proxy', 'loopback'); // lets a test pose as several client addresses
  for (const h of opts.before ?? []) app.use(h);
  app.use(...createEdge(config));
  app.use(auth.loginRouter);
  app.use('/api', auth.authenticate, createRateLimiter(config.rateLimitRps, { now: opts.now }), auth.requireScope);
  app.all('/api/{*rest}', (req, res) => {
    res.json({ principal: res.locals[PRINCIPAL_LOCAL], method: req.method, path: req.path, body: req.body ?? null });
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    auth,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
