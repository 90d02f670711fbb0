import type { Server } from 'node:http';

interface ShutdownLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface ShutdownOptions {
  server: Server;
  /** The OCI client; close() logs its sessions out. */
  oci: { close(): Promise<void> };
  logger: ShutdownLogger;
  /** How long in-flight requests may take before their sockets are cut. */
  graceMs: number;
  /** Upper bound for oci.close(), so a dead backend cannot hold the exit (default 5 s). */
  ociCloseTimeoutMs?: number;
  signals?: NodeJS.Signals[];
  /** Injected by tests; defaults to process.exit. */
  exit?: (code: number) => void;
}

/**
 * On SIGTERM/SIGINT: stop accepting connections, let in-flight requests finish within
 * graceMs (then cut what is left), log the OCI sessions out, exit 0. Returns the same
 * sequence as a function, for callers that stop the gateway themselves (with the exit code
 * they choose: the last-resort error handler exits non-zero).
 */
export function installShutdown(opts: ShutdownOptions): (exitCode?: number) => Promise<void> {
  const { server, oci, logger, graceMs } = opts;
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  const signals = opts.signals ?? ['SIGTERM', 'SIGINT'];
  let inFlight = 0;
  let stopping: Promise<void> | undefined;

  server.on('request', (_req, res) => {
    inFlight += 1;
    if (stopping) res.setHeader('Connection', 'close');
    res.once('close', () => {
      inFlight -= 1;
      // A keep-alive socket that just became idle would otherwise hold server.close() open.
      if (stopping) server.closeIdleConnections();
    });
  });

  const drain = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        logger.warn({ inFlight, graceMs }, 'shutdown: grace period over, closing remaining connections');
        server.closeAllConnections();
      }, graceMs);
      timer.unref();
      server.close(() => {
        clearTimeout(timer);
        resolve();
      });
      server.closeIdleConnections();
    });

  const closeOci = async () => {
    const limit = opts.ociCloseTimeoutMs ?? 5000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), limit);
      timer.unref();
    });
    try {
      const result = await Promise.race([oci.close().then(() => 'closed' as const), timeout]);
      if (result === 'timeout') logger.warn({ timeoutMs: limit }, 'shutdown: OCI logout did not finish in time');
    } finally {
      clearTimeout(timer);
    }
  };

  // The worst exit code asked for: an uncaught error during a SIGTERM drain still exits non-zero.
  let finalCode = 0;
  const shutdown = (signal?: string, exitCode = 0): Promise<void> => {
    finalCode = Math.max(finalCode, exitCode);
    if (stopping) return stopping;
    logger.info({ signal, inFlight, graceMs }, 'shutdown: draining');
    stopping = (async () => {
      await drain();
      logger.info({}, 'shutdown: HTTP server closed');
      try {
        await closeOci();
        logger.info({}, 'shutdown: OCI sessions closed');
      } catch (err) {
        // The sessions expire on the server anyway; a failed logout is no reason for a crash exit.
        logger.warn({ err }, 'shutdown: OCI logout failed');
      }
      exit(finalCode);
    })();
    return stopping;
  };

  for (const signal of signals) {
    process.on(signal, () => {
      if (stopping) {
        logger.warn({ signal }, 'shutdown: already in progress');
        return;
      }
      void shutdown(signal);
    });
  }
  return (exitCode = 0) => shutdown(undefined, exitCode);
}
