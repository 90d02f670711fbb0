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
  /**
   * Also serve the admin API on this port (0 = a free one), on a listener that stays up while
   * the SOAP endpoint is `down`. Without it the admin API shares the SOAP listener only.
   */
  adminPort?: number;
  /** Also serve OCI-P over plain TCP on this port (0 = a free one); off unless given. */
  tcpPort?: number;
  /** Also serve OCI-P over TLS on this port (0 = a free one); needs `tls`. Off unless given. */
  tlsPort?: number;
  /** PEM certificate and key of the TLS listener. */
  tls?: { cert: string | Buffer; key: string | Buffer };
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
  /**
   * After executing a document (one with a write, or any with faultOn 'all'), answer with
   * NO_OCS_CONNECTION, INVALID_REQUEST (another detail than "not logged in") or a generic
   * server SOAP fault instead of its reply.
   */
  faultAfterExecute: AfterExecuteFault;
  /** Which documents faultAfterExecute and rejectDocumentCode hit: those with a write (default) or all. */
  faultOn: 'writes' | 'all';
  /** faultAfterExecute fires once, then switches itself off. */
  faultOnce: boolean;
  /** How NO_OCS_CONNECTION / INVALID_REQUEST arrive: a SOAP fault (HTTP 500) or one ErrorResponse carrying it. */
  faultForm: 'soap-fault' | 'error-response';
  /** 0 = off: a document of 2+ commands is answered by one ErrorResponse with this code, nothing executed. */
  rejectDocumentCode: number;
  /** '' = off: the reply is ISO-8859-1, named only in the envelope's XML declaration with this label (e.g. ISO8859_1). */
  replyEncoding: string;
  /** '' = off: this command type is answered with a `[Warning NNNN]` ErrorResponse. */
  warnCommand: string;
  /** The warned command is executed first (default true). */
  warnApplies: boolean;
  /** ErrorResponse children written with a namespace prefix (`<c:summary>`). */
  prefixErrorChildren: boolean;
  /** LoginRequest22V5 refused with 6004, as a release before R22 would. */
  refuseLogin22V5: boolean;
  /** The error code of "Service is not assigned to this subscriber" (default 4410). */
  notAssignedCode: number;
  /**
   * TCP/TLS listeners only, for the documents faultOn hits (faultOnce applies): 'close-after-write'
   * runs the document, then closes the connection without an answer; 'stall-halfway' writes half
   * the reply and then nothing; 'glued-replies' writes the reply twice in one chunk.
   */
  socketFault: SocketFault;
}

export type SocketFault = 'none' | 'close-after-write' | 'stall-halfway' | 'glued-replies';

export type AfterExecuteFault = 'none' | 'no-ocs-connection' | 'invalid-request' | 'server-fault';

export const NO_FAULTS: Faults = {
  latencyMs: 0,
  errorRate: 0,
  dropRate: 0,
  dropPhase: 'before',
  expireSessionsEvery: 0,
  down: false,
  replyMode: 'normal',
  faultAfterExecute: 'none',
  faultOn: 'writes',
  faultOnce: false,
  faultForm: 'soap-fault',
  rejectDocumentCode: 0,
  replyEncoding: '',
  warnCommand: '',
  warnApplies: true,
  prefixErrorChildren: false,
  refuseLogin22V5: false,
  notAssignedCode: 4410,
  socketFault: 'none',
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
  /** tcp://127.0.0.1:PORT when the TCP listener is on ('' otherwise). */
  tcpUrl: string;
  /** tls://HOST:PORT when the TLS listener is on ('' otherwise). */
  tlsUrl: string;
  /** Where the admin API stays reachable while `down`: the admin listener, else `origin`. */
  adminOrigin: string;
  port: number;
  setFaults(f: Partial<Faults>): Promise<void>;
  /** Replaces the data set (it becomes what reset() returns to). */
  replaceData(data: DemoData): void;
  forceLogout(): void;
  requestLog(): RequestLogEntry[];
  clearRequestLog(): void;
  reset(): void;
  stats(): SimulatorStats;
  /** Requests received and not yet answered: tests wait for 0 (a late answer sent) instead of sleeping. */
  inFlight(): number;
  close(): Promise<void>;
}
