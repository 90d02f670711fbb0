import type { OciObserver } from '../oci/observer';

interface DebugLogger {
  debug(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  /** pino's; when it says debug is off, no line is built per document. */
  isLevelEnabled?(level: string): boolean;
}

/**
 * Logs each OCI document (command types, backend, outcome, duration) at debug level, and
 * failed logins at warn. Document lines carry the request id the document was sent for.
 */
export function createOciLogObserver(logger: DebugLogger): OciObserver {
  return {
    onDocument(e) {
      if (logger.isLevelEnabled?.('debug') === false) return;
      logger.debug(
        {
          requestId: e.requestId,
          oci: {
            backend: e.backend,
            commands: e.commandTypes,
            outcome: e.outcome,
            durationMs: Math.round(e.durationMs),
          },
        },
        'oci document',
      );
    },
    onLogin(e) {
      if (!e.ok) logger.warn({ oci: { backend: e.backend } }, 'oci login failed');
    },
    onBreakerState(e) {
      logger.warn({ oci: { backend: e.backend, breaker: e.state } }, 'oci circuit breaker changed state');
    },
  };
}

/** Fans the client's single observer slot out to several observers; one failing never stops the others. */
export function combineObservers(...observers: OciObserver[]): OciObserver {
  const each = <K extends keyof OciObserver>(hook: K, event: Parameters<NonNullable<OciObserver[K]>>[0]) => {
    for (const o of observers) {
      try {
        (o[hook] as ((e: typeof event) => void) | undefined)?.(event);
      } catch {
        // observers must not break an OCI exchange
      }
    }
  };
  return {
    onDocument: (e) => each('onDocument', e),
    onLogin: (e) => each('onLogin', e),
    onBreakerState: (e) => each('onBreakerState', e),
  };
}
