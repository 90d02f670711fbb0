import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { decodeBody } from '../oci/charset';
import {
  INVALID_DOCUMENT_DETAIL,
  latin1Reply,
  NOT_LOGGED_IN_DETAIL,
  serveDocument,
  type DocumentServing,
  type Waits,
} from './document-faults';
import { faultHits } from './document-runner';
import { buildReplyDocument, error, type ReplyStyle } from './replies';
import { parseRequestDocument, type RequestDocument } from './request-document';
import { OVERSIZED_BYTES, withDoctype } from './broken-replies';
import { listenOn } from './listen-on';

const CLOSING_TAG = Buffer.from('</BroadsoftDocument>', 'latin1');
const NEWLINE = 0x0a;

/** What a socket listener shares with the rest of the simulator: the same data, faults, sessions and log. */
export interface SocketListenerContext extends DocumentServing {
  waits: Waits;
  maxDocumentBytes: number;
}

/**
 * OCI-P over a raw TCP (or TLS) connection, as the Application Server serves it on 2208/2209:
 * no envelope, the document is the frame (read up to `</BroadsoftDocument>`, then an optional
 * `\n`), replies are written the same way followed by `\n`. An OCI session belongs to its
 * connection: logged in on one socket, it is unknown on any other, and gone when the socket closes.
 */
export class SocketListener {
  readonly server: Server;
  port = 0;
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly ctx: SocketListenerContext,
    tls?: { cert: string | Buffer; key: string | Buffer },
  ) {
    const onConnection = (socket: Socket) => this.serve(socket);
    this.server = tls ? createTlsServer({ cert: tls.cert, key: tls.key }, onConnection) : createTcpServer(onConnection);
  }

  get listening(): boolean {
    return this.server.listening;
  }

  /** Binds (the first port chosen is kept for every later re-listen). */
  async listen(port: number, host: string): Promise<void> {
    this.port = await listenOn(this.server, this.port || port, host);
  }

  /** Stops accepting and cuts every connection (their sessions go with them). */
  async close(): Promise<void> {
    if (!this.server.listening) return;
    const closed = new Promise<void>((r) => this.server.close(() => r()));
    for (const s of this.sockets) s.destroy();
    await closed;
  }

  private serve(socket: Socket): void {
    this.sockets.add(socket);
    socket.setNoDelay(true);
    let cookie = this.ctx.sessions.newCookie();
    let buffered: Buffer = Buffer.alloc(0);
    // Documents of one connection are answered one after another, in order.
    let queue = Promise.resolve();
    socket.on('error', () => undefined);
    socket.once('close', () => {
      this.sockets.delete(socket);
      this.ctx.sessions.drop(cookie);
    });
    socket.on('data', (chunk: Buffer) => {
      // What was buffered already holds no closing tag, save one straddling into this chunk.
      let scanFrom = Math.max(0, buffered.length - (CLOSING_TAG.length - 1));
      buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
      for (;;) {
        const at = buffered.indexOf(CLOSING_TAG, scanFrom);
        scanFrom = 0;
        if (at < 0) break;
        let end = at + CLOSING_TAG.length;
        const doc = buffered.subarray(0, end);
        if (buffered[end] === NEWLINE) end += 1;
        buffered = buffered.subarray(end);
        queue = queue.then(() => {
          if (socket.destroyed) return;
          // The OCI sessions of a connection may have been forgotten (forceLogout, a data reset).
          if (!this.ctx.sessions.hasCookie(cookie)) cookie = this.ctx.sessions.newCookie();
          return this.answer(socket, doc, cookie);
        });
      }
      // Leading newlines between documents are not part of any.
      while (buffered.length > 0 && buffered[0] === NEWLINE) buffered = buffered.subarray(1);
      if (buffered.length > this.ctx.maxDocumentBytes) socket.destroy();
    });
  }

  private async answer(socket: Socket, bytes: Buffer, cookie: string): Promise<void> {
    const { env } = this.ctx;
    const faults = env.faults;
    const style: ReplyStyle = { prefixErrorChildren: faults.prefixErrorChildren, latin1: faults.replyEncoding !== '' };
    const xml = decodeBody(bytes, undefined).trimStart();
    let doc: RequestDocument;
    try {
      doc = parseRequestDocument(xml);
    } catch (err) {
      return this.write(
        socket,
        buildReplyDocument(
          '',
          [{ reply: error(undefined, 'INVALID_REQUEST', (err as Error).message), echo: '' }],
          style,
        ),
      );
    }
    const served = serveDocument(this.ctx, doc, xml, cookie);
    if (served.drop === 'before') return void socket.destroy();
    const { drop, sessionId, verdict } = served;
    const socketFault = faults.socketFault !== 'none' && faultHits(doc, faults) ? faults.socketFault : 'none';
    if (socketFault !== 'none' && faults.faultOnce) env.faults = { ...env.faults, socketFault: 'none' };
    let reply: string;
    switch (verdict.kind) {
      case 'invalid':
        reply = lone(sessionId, 'INVALID_REQUEST', INVALID_DOCUMENT_DETAIL, style);
        break;
      case 'not-logged-in':
        reply = lone(sessionId, 'INVALID_REQUEST', NOT_LOGGED_IN_DETAIL, style);
        break;
      case 'after-execute':
        // A server exception ends the connection; the link signals arrive as one ErrorResponse (no SOAP here).
        if (verdict.fault === 'server-fault') return void socket.destroy();
        reply =
          verdict.fault === 'no-ocs-connection'
            ? lone(sessionId, 'NO_OCS_CONNECTION', 'The connection to the Open Client Server was lost.', style)
            : lone(
                sessionId,
                'INVALID_REQUEST',
                'The request could not be forwarded to the application server.',
                style,
              );
        break;
      case 'reply':
        reply = verdict.xml;
    }
    if (faults.latencyMs > 0) await this.ctx.waits.sleep(faults.latencyMs);
    if (drop || socketFault === 'close-after-write') return void socket.destroy();
    let out: Buffer = faults.replyEncoding ? latin1Reply(reply, faults.replyEncoding) : Buffer.from(reply, 'utf8');
    switch (faults.replyMode) {
      case 'malformed':
        // Cut mid-document: the closing tag never comes.
        return void socket.write(out.subarray(0, Math.floor(out.length / 2)));
      case 'doctype':
        // Byte for byte through latin1, so a UTF-8 or ISO-8859-1 reply keeps its encoding.
        out = Buffer.from(withDoctype(out.toString('latin1')), 'latin1');
        break;
      case 'oversized':
        // Padding inside the document: only a size limit can refuse it.
        out = Buffer.concat([
          out.subarray(0, out.lastIndexOf(CLOSING_TAG)),
          Buffer.from(`<!--${' '.repeat(OVERSIZED_BYTES)}-->`),
          CLOSING_TAG,
        ]);
        break;
      case 'html':
        return void socket.write('<html><body><h1>Service Unavailable</h1></body></html>\n');
      case 'normal':
        break;
    }
    if (socketFault === 'stall-halfway') return void socket.write(out.subarray(0, Math.floor(out.length / 2)));
    const framed = Buffer.concat([out, Buffer.from('\n')]);
    this.write(socket, socketFault === 'glued-replies' ? Buffer.concat([framed, framed]) : framed);
  }

  private write(socket: Socket, data: string | Buffer): void {
    if (!socket.destroyed) socket.write(typeof data === 'string' ? `${data}\n` : data);
  }
}

/** One ErrorResponse answering the whole document. */
function lone(sessionId: string, summary: string, detail: string, style: ReplyStyle): string {
  return buildReplyDocument(sessionId, [{ reply: error(undefined, summary, detail), echo: '' }], style);
}
