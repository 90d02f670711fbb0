/**
 * Runs `fn` with a signal that aborts after `ms`, and stops the timer as soon as `fn` settles.
 * Why not AbortSignal.timeout: its timer stays armed (and the signal weakly tracked) until the
 * timeout passes, so under load every finished document leaves a live timer behind for the
 * whole OCI deadline (thousands at a time); here each timer lives only as long as its exchange.
 */
export async function withDeadline<T>(ms: number, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')),
    ms,
  );
  try {
    return await fn(controller.signal);
  } finally {
    clearTimeout(timer);
  }
}
