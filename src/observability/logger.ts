import pino, { type DestinationStream, type Logger } from 'pino';
import { REDACT_PATHS } from './redact';

export type { Logger } from 'pino';

/**
 * The gateway's JSON logger (pino). Lines written for a request name its `requestId` themselves
 * (access, audit, problem and OCI lines: the id travels on the response and in each command's
 * echo). Credentials listed in REDACT_PATHS are replaced by "[Redacted]".
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'oci-rest-gateway' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: REDACT_PATHS, censor: '[Redacted]' },
  };
  // stdout written synchronously, one write per line on the event loop. pino's default destination
  // is asynchronous: each line then goes through libuv's thread pool and wakes the event loop again
  // when written, which measured clearly dearer per request, and lines still buffered are lost in a crash.
  return pino(options, destination ?? pino.destination({ dest: 1, sync: true }));
}

/**
 * A child of `logger` without pino's redaction, only for lines built from fields that cannot hold
 * a credential (the access line, the audit line): redacting the paths of REDACT_PATHS, wildcards
 * included, was most of such a line's cost. Every other line keeps the redaction.
 */
export function unredacted(logger: Logger): Logger {
  return logger.child({}, { redact: [] });
}
