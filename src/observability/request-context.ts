import { AsyncLocalStorage } from 'node:async_hooks';

/** What the gateway knows about the request being served, wherever the code runs. */
export interface RequestContext {
  requestId: string;
  /** OCI documents exchanged for this request so far (counted by the metrics observer). */
  ociDocuments: number;
}

// One store for the process: the logger mixin and the OCI observer read it, so log lines
// and metrics from deep inside the OCI client still carry the request they belong to.
const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `fn` with `ctx` as the current request context. */
export function runWithRequestContext<T>(ctx: RequestContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

/** The current request context, or undefined outside a request. */
export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}
