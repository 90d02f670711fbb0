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
  // stdout written asynchronously: lines that come while a write is under way go out together in
  // the next one, instead of one blocking write per line (issue 17: the access line at info).
  // pino flushes what is left synchronously when the process exits.
  return pino(options, destination ?? pino.destination({ dest: 1, sync: false }));
}
