import { isIP, connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type SecureContextOptions } from 'node:tls';
import { DocumentFramer, FramingError, OversizeError } from './document-framer';
import { socketAddress } from './endpoint-url';
import { OciError } from './errors';
import type { ExchangeSignal } from './deadline';
import type { SessionLink } from './session';
import {
  DEFAULT_MAX_REPLY_BYTES,
  sentDocuments,
  type OciTransport,
  type SentDocumentMessage,
  type TransportSession,
} from './transport';

export interface SocketTransportOptions {
  /** Longest wait for the connection (and TLS handshake); nothing is sent before it. */
  connectTimeoutMs: number;
  /** Trusted CAs for tls:// (Node's roots plus OCI_CA_FILE's); default Node's roots. */
  ca?: SecureContextOptions['ca'];
  maxReplyBytes?: number;
}

interface Pending {
  resolve: (doc: string) => void;
  reject: (err: OciError) => void;
}

const NEWLINE = Buffer.from('\n');

/** Calls `fn` once when the signal aborts (an AbortSignal or the deadline's EventEmitter); returns the undo. */
function whenAborted(signal: ExchangeSignal, fn: () => void): () => void {
  if (signal instanceof AbortSignal) {
    signal.addEventListener('abort', fn, { once: true });
    return () => signal.removeEventListener('abort', fn);
  }
  signal.once('abort', fn);
  return () => signal.removeListener('abort', fn);
}

/**
 * One session's socket. One document in flight at a time; after a deadline, a framing error,
 * an oversize reply or a connection loss the socket is destroyed and never used again, so a
 * late reply can never be read as the answer to a later document.
 */
class OciSocket implements SessionLink {
  dead = false;
  /** Called once when the connection is gone, whoever closed it. */
  onDead?: () => void;
  private pending?: Pending;
  private readonly framer: DocumentFramer;

  constructor(
    private readonly socket: Socket,
    maxReplyBytes: number,
    onClose: (s: OciSocket) => void,
  ) {
    this.framer = new DocumentFramer(maxReplyBytes);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => undefined); // 'close' follows and settles what is pending
    socket.once('close', () => {
      this.dead = true;
      this.fail(
        new OciError('outcome-unknown', 'connection closed before the reply was complete', { sent: true, link: true }),
      );
      onClose(this);
      this.onDead?.();
    });
  }

  /** Writes the document and resolves with the reply document; rejects with a classified OciError. */
  exchange(bytes: Buffer, signal: ExchangeSignal): Promise<string> {
    if (this.dead)
      return Promise.reject(new OciError('session-lost', 'the session connection is closed', { sent: false }));
    if (this.pending) throw new Error('OciSocket: one document in flight at a time');
    if (signal.aborted)
      return Promise.reject(new OciError('timeout', 'deadline passed before sending', { sent: false, timedOut: true }));
    return new Promise<string>((resolve, reject) => {
      const stop = whenAborted(signal, () => {
        this.fail(new OciError('timeout', 'no reply before the deadline', { sent: true, timedOut: true }));
        this.close();
      });
      this.pending = {
        resolve: (doc) => {
          stop();
          resolve(doc);
        },
        reject: (err) => {
          stop();
          reject(err);
        },
      };
      // The document is the frame; the trailing newline is what nigelm and mercury write (harmless either way).
      this.socket.write(Buffer.concat([bytes, NEWLINE]));
    });
  }

  close(): void {
    if (this.dead) return;
    this.dead = true;
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    const p = this.pending;
    try {
      if (!p) return this.framer.idle(chunk);
      const doc = this.framer.push(chunk);
      if (doc === undefined) return;
      this.pending = undefined;
      p.resolve(doc);
    } catch (err) {
      const msg = (err as Error).message;
      if (err instanceof OversizeError) this.fail(new OciError('bad-reply', msg, { sent: true }));
      else if (err instanceof FramingError)
        this.fail(new OciError('bad-reply', `framing error: ${msg}`, { sent: true }));
      else this.fail(new OciError('bad-reply', msg, { sent: true, cause: err }));
      this.close();
    }
  }

  private fail(err: OciError): void {
    const p = this.pending;
    this.pending = undefined;
    p?.reject(err);
  }
}

/**
 * OCI-P straight to the Application Server over tcp:// or tls://. Each session owns one
 * socket (a session is bound to its connection): it is opened by the session's first document
 * (its login), and the session dies with it.
 */
export class SocketTransport implements OciTransport {
  readonly socketBound = true;
  private readonly host: string;
  private readonly port: number;
  private readonly tls: boolean;
  private readonly open = new Set<OciSocket>();

  constructor(
    readonly url: string,
    private readonly opts: SocketTransportOptions,
  ) {
    ({ host: this.host, port: this.port, tls: this.tls } = socketAddress(url));
  }

  async exchange(innerXml: string, session: TransportSession, signal: ExchangeSignal): Promise<string> {
    let link = session.link as OciSocket | undefined;
    if (link?.dead || (!link && session.loggedIn))
      // Its connection closed while idle: the server forgot the session with it. Nothing sent.
      throw new OciError('session-lost', 'the session connection closed while idle', { sent: false });
    if (!link) {
      const opened = await this.connect(signal);
      session.link = link = opened;
      // A connection that closes takes its session along (readiness then counts it out at once).
      opened.onDead = () => {
        if (session.link === opened) session.loggedIn = false;
      };
    }
    if (sentDocuments.hasSubscribers) sentDocuments.publish({ xml: innerXml } satisfies SentDocumentMessage);
    return link.exchange(Buffer.from(innerXml, 'utf8'), signal);
  }

  close(): Promise<void> {
    for (const s of this.open) s.close();
    return Promise.resolve();
  }

  /** Opens a socket (and completes the TLS handshake, certificate checked) before the deadline. */
  private connect(signal: ExchangeSignal): Promise<OciSocket> {
    return new Promise<OciSocket>((resolve, reject) => {
      let socket: Socket;
      let stopAbort = () => {};
      const timeoutMs = this.opts.connectTimeoutMs;
      let settled = false;
      const done = (err?: OciError) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        stopAbort();
        socket.removeListener('error', onError);
        if (err) {
          socket.destroy();
          return reject(err);
        }
        const s = new OciSocket(socket, this.opts.maxReplyBytes ?? DEFAULT_MAX_REPLY_BYTES, (closed) =>
          this.open.delete(closed),
        );
        this.open.add(s);
        resolve(s);
      };
      const onError = (err: NodeJS.ErrnoException) => done(connectError(err, this.url));
      const onAbort = () =>
        done(new OciError('timeout', 'deadline passed while connecting', { sent: false, timedOut: true }));
      const timer = setTimeout(
        () =>
          done(
            new OciError('unavailable', `cannot connect to ${this.url} within ${timeoutMs} ms`, {
              sent: false,
              link: true,
            }),
          ),
        timeoutMs,
      );
      if (this.tls) {
        // Hostname verification stays on: SNI and the name check for DNS names, an IP SAN for addresses.
        socket = tlsConnect(
          {
            host: this.host,
            port: this.port,
            servername: isIP(this.host) ? undefined : this.host,
            ca: this.opts.ca,
            rejectUnauthorized: true,
          },
          () => done(),
        );
      } else {
        socket = netConnect({ host: this.host, port: this.port }, () => done());
      }
      socket.once('error', onError);
      if (signal.aborted) return onAbort();
      stopAbort = whenAborted(signal, onAbort);
    });
  }
}

/** A connection that failed before any byte of the document was written: nothing was sent. */
function connectError(err: NodeJS.ErrnoException, url: string): OciError {
  const code = err.code ?? 'error';
  const tlsRefusal = /CERT|SIGNATURE|ISSUER|SELF_SIGNED|ALTNAME|TLS|SSL|EPROTO/i.test(code);
  const message = tlsRefusal
    ? `TLS certificate of ${url} refused (${code}): ${err.message}`
    : `cannot connect to ${url} (${code})`;
  return new OciError('unavailable', message, { sent: false, link: true, cause: err });
}
