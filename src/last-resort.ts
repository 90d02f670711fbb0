/**
 * The last resort against an error nothing else caught (a throw in a callback outside express,
 * a promise nobody awaited): the process state is no longer known to be sound, so the gateway
 * never resumes serving. It logs the error at fatal, runs the graceful shutdown (stop accepting,
 * drain in-flight requests for SHUTDOWN_GRACE_MS, log the OCI sessions out) and exits non-zero,
 * so the supervisor starts a fresh process.
 */

/** Exit code after an uncaught error (EX_SOFTWARE): tells it apart from a configuration error (1). */
export const UNCAUGHT_EXIT_CODE = 70;

export interface LastResortOptions {
  logger: { fatal(obj: object, msg?: string): void };
  /** The graceful shutdown; resolves when it is done (or exits the process itself). */
  shutdown(exitCode: number): Promise<void>;
  /** Upper bound of the whole shutdown: after it the process exits anyway. */
  deadlineMs: number;
  /** Injected by tests; default the real process and process.exit. */
  process?: Pick<NodeJS.Process, 'on'>;
  exit?: (code: number) => void;
}

/**
 * What is logged of an error: its class and where it was thrown. Not the message: it may quote
 * request data (JSON.parse and validation messages quote the body).
 */
export function describeUncaught(err: unknown): { errorClass: string; frames: string[] } {
  if (!(err instanceof Error)) return { errorClass: typeof err, frames: [] };
  const frames = (err.stack ?? '')
    .split('\n')
    .filter((l) => /^\s+at /.test(l))
    .slice(0, 20)
    .map((l) => l.trim());
  return { errorClass: err.name, frames };
}

export function installLastResort(opts: LastResortOptions): void {
  const proc = opts.process ?? process;
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  let stopping = false;
  const onUncaught = (event: 'uncaughtException' | 'unhandledRejection') => (err: unknown) => {
    opts.logger.fatal(
      { event, ...describeUncaught(err), stopping },
      stopping
        ? 'uncaught error during the shutdown it caused'
        : 'uncaught error: the gateway stops accepting, drains, logs its OCI sessions out and exits',
    );
    if (stopping) return;
    stopping = true;
    const backstop = setTimeout(() => exit(UNCAUGHT_EXIT_CODE), opts.deadlineMs);
    backstop.unref();
    opts.shutdown(UNCAUGHT_EXIT_CODE).catch(() => exit(UNCAUGHT_EXIT_CODE));
  };
  proc.on('uncaughtException', onUncaught('uncaughtException'));
  proc.on('unhandledRejection', onUncaught('unhandledRejection'));
}
