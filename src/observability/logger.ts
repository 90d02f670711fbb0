import pino, { type DestinationStream, type Logger } from 'pino';
import { REDACT_PATHS } from './redact';
import { currentRequestContext } from './request-context';

export type { Logger } from 'pino';

/**
 * The gateway's JSON logger (pino). Every line written while a request is being served
 * carries its `requestId`, also lines from code that only holds the root logger (the OCI
 * client). Credentials listed in REDACT_PATHS are replaced by "[Redacted]".
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'oci-rest-gateway' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: REDACT_PATHS, censor: '[Redacted]' },
    // Merged into the line's own object (which wins), so the key is never written twice.
    mixin: () => {
      const ctx = currentRequestContext();
      return ctx ? { requestId: ctx.requestId } : {};
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
