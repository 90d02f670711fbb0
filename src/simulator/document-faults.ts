import { faultHits, runDocument, type RunEnvironment } from './document-runner';
import type { RequestDocument } from './request-document';
import type { RequestLog } from './request-log';
import type { OciSession, SessionStore } from './sessions';
import type { AfterExecuteFault, Faults } from './types';

/** Counters of what the simulator served, shared by every transport. */
export interface ServedCounters {
  logins: number;
  documents: number;
  commands: number;
}

/**
 * What one request document comes to once the fault knobs have had their say, before any
 * transport renders it (SOAP envelope or fault; or a bare document on a socket).
 */
export type DocumentVerdict =
  /** No sessionId, or not 1 to 15 commands. */
  | { kind: 'invalid' }
  /** A command needed a login this session does not have; nothing after it ran. */
  | { kind: 'not-logged-in' }
  /** The document ran; its answer is lost to a link or server fault (faultAfterExecute). */
  | { kind: 'after-execute'; fault: Exclude<AfterExecuteFault, 'none'> }
  | { kind: 'reply'; xml: string };

/** dropRate: whether this document's connection is destroyed, and when ('after': it ran first). */
export function pickDrop(faults: Faults, random: () => number): 'before' | 'after' | undefined {
  if (!(faults.dropRate > 0 && random() < faults.dropRate)) return undefined;
  return faults.dropPhase;
}

/**
 * Runs a document against `session` and applies the document-level fault knobs
 * (faultAfterExecute with faultOnce, expireSessionsEvery through `forget`).
 */
export function runWithFaults(
  doc: RequestDocument,
  session: () => OciSession,
  env: RunEnvironment,
  counters: ServedCounters,
  forget: () => void,
): DocumentVerdict {
  if (doc.commands.length === 0 || doc.commands.length > 15 || doc.sessionId === undefined) return { kind: 'invalid' };
  const faults = env.faults;
  const s = session();
  const outcome = runDocument(doc, s, env);
  counters.logins += outcome.logins;
  counters.commands += outcome.commands;
  let verdict: DocumentVerdict;
  if (outcome.kind === 'not-logged-in') {
    verdict = { kind: 'not-logged-in' };
  } else if (faults.faultAfterExecute !== 'none' && faultHits(doc, faults)) {
    verdict = { kind: 'after-execute', fault: faults.faultAfterExecute };
    if (faults.faultOnce) env.faults = { ...env.faults, faultAfterExecute: 'none' };
  } else {
    verdict = { kind: 'reply', xml: outcome.xml };
  }
  if (faults.expireSessionsEvery > 0 && s.account && s.commands >= faults.expireSessionsEvery) forget();
  return verdict;
}

/** What BroadWorks says of a document without a sessionId or with other than 1 to 15 commands. */
export const INVALID_DOCUMENT_DETAIL = 'A BroadsoftDocument needs a sessionId and 1 to 15 commands.';
/** What BroadWorks says of a command on a session that is not logged in. */
export const NOT_LOGGED_IN_DETAIL = 'Cannot process any request before user is logged in.';

/** What serving a document needs of the simulator, whatever transport it came by. */
export interface DocumentServing {
  sessions: SessionStore;
  env: RunEnvironment;
  log: RequestLog;
  counters: ServedCounters;
}

/**
 * The part of serving one parsed document that no transport changes: counted and logged, the
 * dropRate drawn, then (unless the connection is dropped before) run with the fault knobs on
 * the OCI session `sessionId` of the connection `cookie`.
 */
export function serveDocument(
  ctx: DocumentServing,
  doc: RequestDocument,
  xml: string,
  cookie: string,
): { drop: 'before' } | { drop: 'after' | undefined; sessionId: string; verdict: DocumentVerdict } {
  ctx.counters.documents++;
  ctx.log.push({ at: Date.now(), sessionId: doc.sessionId, commandTypes: doc.commands.map((c) => c.type), xml });
  const drop = pickDrop(ctx.env.faults, ctx.env.random);
  if (drop === 'before') return { drop };
  const sessionId = doc.sessionId ?? '';
  const verdict = runWithFaults(
    doc,
    () => ctx.sessions.get(cookie, sessionId),
    ctx.env,
    ctx.counters,
    () => ctx.sessions.forget(cookie, sessionId),
  );
  return { drop, sessionId, verdict };
}

/** replyEncoding: the reply as ISO-8859-1 bytes, named in the XML declaration with `label` only. */
export function latin1Reply(reply: string, label: string): Buffer {
  return Buffer.from(reply.replace(/^<\?xml([^>]*?)encoding="[^"]*"/, `<?xml$1encoding="${label}"`), 'latin1');
}

/** A latency wait that close() can end early, so no timer outlives the simulator. */
export class Waits {
  private readonly ends = new Set<() => void>();

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const end = () => {
        clearTimeout(timer);
        this.ends.delete(end);
        resolve();
      };
      const timer = setTimeout(end, ms);
      this.ends.add(end);
    });
  }

  endAll(): void {
    for (const end of this.ends) end();
  }
}
