import type { OciFailureKind } from './errors';

/** How a document exchange ended, as seen by metrics: fine, or the kind of its failure. */
export type OciDocumentOutcome = 'ok' | OciFailureKind;

export type OciBreakerState = 'closed' | 'open' | 'half-open';

/** Optional hooks for metrics; every hook is synchronous and must not throw. */
export interface OciObserver {
  onDocument?(e: {
    backend: string;
    /** The REST request the document was sent for (its commands' echo), when there is one. */
    requestId?: string;
    commandTypes: string[];
    durationMs: number;
    outcome: OciDocumentOutcome;
  }): void;
  /** `refused`: BroadWorks rejected the credentials (wrong, expired or disabled password). */
  onLogin?(e: { backend: string; ok: boolean; refused?: boolean }): void;
  onBreakerState?(e: { backend: string; state: OciBreakerState }): void;
}

/** The minimal logger the client needs (pino satisfies it). */
export interface OciLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** A logger that drops everything. */
export const silentLogger: OciLogger = { debug() {}, info() {}, warn() {}, error() {} };
