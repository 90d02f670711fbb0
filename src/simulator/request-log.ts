import type { RequestLogEntry } from './types';

// Enough for any test; a bigger log keeps many request strings alive and slows the GC under load.
const MAX_LOG_ENTRIES = 1000;

/** The documents the simulator received, newest last, whatever transport carried them. */
export class RequestLog {
  private log: RequestLogEntry[] = [];

  push(e: RequestLogEntry): void {
    this.log.push(e);
    // Trim in batches: a splice per request would cost O(n) on the hot path.
    if (this.log.length > MAX_LOG_ENTRIES + 100) this.log.splice(0, this.log.length - MAX_LOG_ENTRIES);
  }

  entries(): RequestLogEntry[] {
    return this.log.slice();
  }

  clear(): void {
    this.log = [];
  }
}
