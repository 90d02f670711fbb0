import { channel } from 'node:diagnostics_channel';
import type { Dispatcher } from 'undici';
import { decodeBody } from './charset';
import { OciError } from './errors';
import type { ExchangeSignal } from './deadline';
import type { OciSession } from './session';
import { buildEnvelope, unwrapEnvelope } from './soap';

/**
 * Every BroadsoftDocument a transport sends is published on this diagnostics channel as
 * `{ xml }` (the test harness subscribes and validates them all against the XSD). Without a
 * subscriber, publishing is skipped: it costs production nothing.
 */
export const SENT_DOCUMENTS_CHANNEL = 'oci-rest-gateway:oci:document-sent';
export const sentDocuments = channel(SENT_DOCUMENTS_CHANNEL);

/** What SENT_DOCUMENTS_CHANNEL carries. */
export interface SentDocumentMessage {
  xml: string;
}

/** What a transport needs of a session: its cookies (SOAP) or its socket (TCP/TLS). */
export type TransportSession = Pick<OciSession, 'jar' | 'link' | 'loggedIn'>;

/** How a backend sends one document and reads its reply: SOAP over HTTP(S), or OCI-P straight over TCP/TLS. */
export interface OciTransport {
  readonly url: string;
  /**
   * True when a session is bound to its connection (TCP/TLS): losing the connection, or any
   * doubt about what is still in flight on it, ends the session.
   */
  readonly socketBound: boolean;
  /**
   * Sends one BroadsoftDocument on the session and returns the reply document. Throws
   * OciError for every failure, classified for the resend rule.
   */
  exchange(innerXml: string, session: TransportSession, signal: ExchangeSignal): Promise<string>;
  /** Ends whatever connections the transport still holds. */
  close(): Promise<void>;
}

/** Replies larger than this are refused (a runaway or hostile backend must not exhaust memory). */
export const DEFAULT_MAX_REPLY_BYTES = 10 * 1024 * 1024;

// Failures that happen before a byte of the request can have reached the server.
const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'UND_ERR_DESTROYED',
  'UND_ERR_CLOSED',
]);

function errorCode(err: unknown): string | undefined {
  const e = err as { code?: unknown; cause?: { code?: unknown } };
  if (typeof e?.code === 'string') return e.code;
  if (typeof e?.cause?.code === 'string') return e.cause.code;
  return undefined;
}

/**
 * Classifies a failed HTTP exchange by what the server may have seen:
 * nothing (unavailable), the whole request but no answer in time (timeout), or
 * an unknown part of it (outcome-unknown: connection dropped after sending).
 */
export function classifyTransportError(err: unknown, signal: ExchangeSignal): OciError {
  if (err instanceof OciError) return err;
  const code = errorCode(err);
  // Checked before the deadline: undici's connect timer is coarse (about 1 s), so a connect
  // timeout may surface just after the deadline, and still nothing was sent.
  if (code && CONNECT_CODES.has(code))
    return new OciError('unavailable', `cannot connect (${code})`, { sent: false, link: true, cause: err });
  if (signal.aborted)
    return new OciError('timeout', 'no reply before the deadline', { sent: true, timedOut: true, cause: err });
  return new OciError('outcome-unknown', `connection lost (${code ?? (err as Error)?.message ?? 'error'})`, {
    sent: true,
    link: true,
    cause: err,
  });
}

/** One SOAP endpoint over an undici dispatcher (a Pool in production, closed by its owner). */
export class SoapTransport implements OciTransport {
  readonly socketBound = false;
  private readonly path: string;

  constructor(
    readonly url: string,
    private readonly dispatcher: Dispatcher,
    private readonly maxReplyBytes = DEFAULT_MAX_REPLY_BYTES,
  ) {
    const u = new URL(url);
    this.path = `${u.pathname}${u.search}`;
  }

  /**
   * Sends one BroadsoftDocument with the session's cookies and returns the inner reply
   * document. Throws OciError for every failure, classified for the resend rule.
   */
  async exchange(innerXml: string, session: Pick<TransportSession, 'jar'>, signal: ExchangeSignal): Promise<string> {
    const jar = session.jar;
    if (sentDocuments.hasSubscribers) sentDocuments.publish({ xml: innerXml } satisfies SentDocumentMessage);
    const headers: Record<string, string> = { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' };
    const cookie = jar.header();
    if (cookie) headers.cookie = cookie;
    let text: string;
    let status: number;
    try {
      const res = await this.dispatcher.request({
        path: this.path,
        method: 'POST',
        headers,
        body: buildEnvelope(innerXml),
        signal,
      });
      status = res.statusCode;
      jar.store(res.headers['set-cookie']);
      const bytes = await this.readCapped(res.body);
      const ct = res.headers['content-type'];
      text = decodeBody(bytes, Array.isArray(ct) ? ct[0] : ct);
    } catch (err) {
      throw classifyTransportError(err, signal);
    }
    // A SOAP fault arrives with HTTP 500; any other non-2xx is a broken exchange.
    if (status < 200 || (status >= 300 && status !== 500)) {
      throw new OciError('bad-reply', `HTTP ${status} from ${this.url}`, { sent: true });
    }
    const inner = unwrapEnvelope(text);
    if (status === 500)
      throw new OciError('bad-reply', `HTTP 500 without a SOAP fault from ${this.url}`, { sent: true });
    return inner;
  }

  async close(): Promise<void> {}

  /**
   * The whole reply body, refused past maxReplyBytes. Read by 'data' events rather than an async
   * iterator (issue 17: the iterator costs a promise and a listener set-up per chunk and per reply).
   */
  private readCapped(body: Dispatcher.ResponseData['body']): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let total = 0;
      let ended = false;
      body.on('data', (chunk: Buffer) => {
        total += chunk.length;
        if (total > this.maxReplyBytes) {
          reject(new OciError('bad-reply', `reply larger than ${this.maxReplyBytes} bytes`, { sent: true }));
          body.destroy();
          return;
        }
        chunks.push(chunk);
      });
      body.once('end', () => {
        ended = true;
        resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total));
      });
      body.once('error', reject);
      // Closed before its end without an error of its own: what the async iterator threw (classified by the caller).
      body.once('close', () => {
        if (!ended) reject(Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }));
      });
    });
  }
}
