import type { DemoData } from './demo-data';

export interface SimulatorOptions {
  /** 0 = ephemeral (default). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** XSD-derived request validation, default true (switch off for benchmarks). */
  validate?: boolean;
  /** Default: fixtures/demo-data.json. */
  data?: DemoData;
  faults?: Partial<Faults>;
  quiet?: boolean;
}

export type ReplyMode = 'normal' | 'malformed' | 'doctype' | 'oversized' | 'html';

export interface Faults {
  /** Added before answering. */
  latencyMs: number;
  /** 0..1: share of non-login commands answered with "[Error 9999] Injected error" (not executed). */
  errorRate: number;
  /** 0..1: share of documents whose TCP connection is destroyed without a reply. */
  dropRate: number;
  /** 'after' = the document IS executed, then the socket destroyed. */
  dropPhase: 'before' | 'after';
  /** 0 = off; after every N commands of a session, that session is forgotten. */
  expireSessionsEvery: number;
  /** Refuse connections: the listener closes, and re-listens on the same port when false again. */
  down: boolean;
  /** Broken replies for reliability tests (the document is executed first). */
  replyMode: ReplyMode;
}

export const NO_FAULTS: Faults = {
  latencyMs: 0,
  errorRate: 0,
  dropRate: 0,
  dropPhase: 'before',
  expireSessionsEvery: 0,
  down: false,
  replyMode: 'normal',
};

export interface RequestLogEntry {
  at: number;
  sessionId?: string;
  commandTypes: string[];
  xml: string;
}

export interface SimulatorStats {
  sessions: number;
  logins: number;
  documents: number;
  commands: number;
}

export interface Simulator {
  /** Full endpoint, e.g. http://127.0.0.1:PORT/webservice/services/ProvisioningService */
  url: string;
  /** http://127.0.0.1:PORT */
  origin: string;
  port: number;
  setFaults(f: Partial<Faults>): Promise<void>;
  forceLogout(): void;
  requestLog(): RequestLogEntry[];
  clearRequestLog(): void;
  reset(): void;
  stats(): SimulatorStats;
  /** Requests received and not yet answered: tests wait for 0 (a late answer sent) instead of sleeping. */
  inFlight(): number;
  close(): Promise<void>;
}
