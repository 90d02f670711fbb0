import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { ADMIN_PREFIX, handleAdmin } from './admin-api';
import { brokenReply } from './broken-replies';
import { cloneData, loadDemoData, type DemoData } from './demo-data';
import type { RunEnvironment } from './document-runner';
import { INVALID_DOCUMENT_DETAIL, latin1Reply, serveDocument, Waits, type ServedCounters } from './document-faults';
import { afterExecuteReply } from './link-faults';
import { parseRequestDocument, RequestDocument } from './request-document';
import { RequestLog } from './request-log';
import { listenOn } from './listen-on';
import { SocketListener, type SocketListenerContext } from './socket-listener';
import { SessionStore } from './sessions';
import { notLoggedInFault, readOciMessage, soapFault, soapReply } from './soap';
import { SimState } from './state';
import { Faults, NO_FAULTS, RequestLogEntry, Simulator, SimulatorOptions, SimulatorStats } from './types';
import { loadCommandValidator } from './xsd-validate';

export const ENDPOINT_PATH = '/webservice/services/ProvisioningService';
/** Largest request body accepted (413 above). */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Admin bodies may carry a whole data set (thousands of users). */
const ADMIN_MAX_BODY_BYTES = 64 * 1024 * 1024;
const XML_TYPE = 'text/xml; charset=utf-8';

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > limit) return reject(new BodyTooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        req.removeAllListeners('data');
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return undefined;
}

/**
 * The simulator: one node:http server for the OCI endpoint and the admin API, plus, with
 * `adminPort`, a second one for the admin API alone, which stays up while the SOAP endpoint is down.
 */
export class SimulatorServer implements Simulator {
  url = '';
  origin = '';
  tcpUrl = '';
  tlsUrl = '';
  adminOrigin = '';
  port = 0;
  private readonly server: Server;
  private adminServer?: Server;
  /** OCI-P over TCP and over TLS, when asked for. */
  private readonly socketListeners: { scheme: 'tcp' | 'tls'; port: number; listener: SocketListener }[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly sessions = new SessionStore();
  private readonly state: SimState;
  private readonly env: RunEnvironment;
  private readonly log = new RequestLog();
  private readonly counters: ServedCounters = { logins: 0, documents: 0, commands: 0 };
  private listening = false;
  private upTimer?: NodeJS.Timeout;
  /** `faults.down` of the options applies to the first listen only: a later setFaults brings it up. */
  private startedDown = false;
  /** Latency waits in progress: close() ends them so no timer outlives the simulator. */
  private readonly waits = new Waits();
  /** What every transport serves documents from (the socket listeners get it too). */
  private readonly serving: SocketListenerContext;
  /** Requests received and not yet answered (or dropped). */
  private active = 0;

  constructor(private readonly opts: SimulatorOptions) {
    this.state = new SimState(opts.data ?? loadDemoData());
    if (opts.adminPort !== undefined) {
      this.adminServer = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
        this.handle(req, res, true).catch((err) => this.internalError(res, err));
      });
      this.adminServer.on('connection', (s: Socket) => {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
      });
    }
    this.env = {
      state: this.state,
      faults: { ...NO_FAULTS, ...opts.faults, down: false },
      validator: opts.validate === false ? null : loadCommandValidator(),
      random: Math.random,
    };
    const ctx = (this.serving = {
      sessions: this.sessions,
      env: this.env,
      log: this.log,
      counters: this.counters,
      waits: this.waits,
      maxDocumentBytes: MAX_BODY_BYTES,
    });
    if (opts.tcpPort !== undefined)
      this.socketListeners.push({ scheme: 'tcp', port: opts.tcpPort, listener: new SocketListener(ctx) });
    if (opts.tlsPort !== undefined) {
      if (!opts.tls) throw new Error('the TLS listener needs a certificate and its key (--tls-cert, --tls-key)');
      this.socketListeners.push({ scheme: 'tls', port: opts.tlsPort, listener: new SocketListener(ctx, opts.tls) });
    }
    this.server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
      this.active += 1;
      res.once('close', () => (this.active -= 1));
      this.handle(req, res).catch((err) => this.internalError(res, err));
    });
    this.server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  /** Binds the listener; the port chosen first is kept for every later re-listen. */
  async listen(): Promise<void> {
    const bindHost = this.opts.host ?? '127.0.0.1';
    this.port = await listenOn(this.server, this.port || this.opts.port || 0, bindHost);
    this.listening = true;
    const host =
      this.opts.host && this.opts.host !== '0.0.0.0' && this.opts.host !== '::' ? this.opts.host : '127.0.0.1';
    const hostPart = host.includes(':') ? `[${host}]` : host;
    const origin = (port: number) => `http://${hostPart}:${port}`;
    this.origin = origin(this.port);
    this.url = `${this.origin}${ENDPOINT_PATH}`;
    this.adminOrigin ||= this.origin;
    for (const { scheme, port, listener } of this.socketListeners) {
      await listener.listen(port, bindHost);
      if (scheme === 'tcp') this.tcpUrl = `tcp://${hostPart}:${listener.port}`;
      else this.tlsUrl = `tls://${hostPart}:${listener.port}`;
    }
    if (this.adminServer && !this.adminServer.listening) {
      this.adminOrigin = origin(await listenOn(this.adminServer, this.opts.adminPort ?? 0, bindHost));
    }
    if (this.opts.faults?.down && !this.startedDown) {
      this.startedDown = true;
      await this.setFaults({ down: true });
    }
  }

  private async unlisten(): Promise<void> {
    if (!this.listening) return;
    this.listening = false;
    const closed = new Promise<void>((r) => this.server.close(() => r()));
    // Only the SOAP listener's connections: the admin listener stays up.
    for (const s of this.sockets) if (s.localPort === this.port) s.destroy();
    await Promise.all([closed, ...this.socketListeners.map((l) => l.listener.close())]);
  }

  faults(): Faults {
    return { ...this.env.faults };
  }

  async setFaults(f: Partial<Faults>): Promise<void> {
    const next = { ...this.env.faults, ...f };
    this.env.faults = next;
    if (f.down === false && this.upTimer) clearTimeout(this.upTimer);
    if (next.down && this.listening) await this.unlisten();
    else if (!next.down && !this.listening) await this.listen();
  }

  /** Brings the listener back after `ms` (used by the admin API, which is down with it). */
  scheduleUp(ms: number): void {
    if (this.upTimer) clearTimeout(this.upTimer);
    // Not unref'd: a standalone simulator must live to come back up (close() clears it).
    this.upTimer = setTimeout(() => void this.setFaults({ down: false }), ms);
  }

  /** The live data set (a copy). */
  data(): DemoData {
    return cloneData(this.state.data);
  }

  /** Replaces the data set (validated by the caller); reset() returns to it from now on. */
  replaceData(data: DemoData): void {
    this.state.replace(data);
    this.sessions.clear();
  }

  forceLogout(): void {
    this.sessions.clear();
  }

  requestLog(): RequestLogEntry[] {
    return this.log.entries();
  }

  clearRequestLog(): void {
    this.log.clear();
  }

  reset(): void {
    this.state.reset();
    this.env.faults = { ...NO_FAULTS, down: this.env.faults.down };
    if (this.env.faults.down) void this.setFaults({ down: false });
    this.log.clear();
  }

  inFlight(): number {
    return this.active;
  }

  stats(): SimulatorStats {
    return { sessions: this.sessions.loggedIn(), ...this.counters };
  }

  async close(): Promise<void> {
    if (this.upTimer) clearTimeout(this.upTimer);
    this.waits.endAll();
    await this.unlisten();
    const admin = this.adminServer;
    if (admin?.listening) {
      const closed = new Promise<void>((r) => admin.close(() => r()));
      for (const s of this.sockets) s.destroy();
      await closed;
    }
  }

  private internalError(res: ServerResponse, err: unknown): void {
    if (res.headersSent) return void res.destroy();
    this.send(res, 500, XML_TYPE, soapFault('soapenv:Server', 'INTERNAL_ERROR', (err as Error).message));
  }

  private send(
    res: ServerResponse,
    status: number,
    contentType: string,
    body: string | Buffer,
    headers: Record<string, string> = {},
  ): void {
    res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body), ...headers });
    res.end(body);
  }

  private async handle(req: IncomingMessage, res: ServerResponse, adminOnly = false): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    const admin = path.startsWith(ADMIN_PREFIX);
    let body: string;
    try {
      body = await readBody(req, admin ? ADMIN_MAX_BODY_BYTES : MAX_BODY_BYTES);
    } catch (err) {
      if (err instanceof BodyTooLarge) {
        res.writeHead(413, { 'content-type': XML_TYPE, connection: 'close' });
        res.end(soapFault('soapenv:Client', 'REQUEST_TOO_LARGE', `The request body exceeds ${MAX_BODY_BYTES} bytes.`));
        return;
      }
      throw err;
    }
    if (admin) return handleAdmin(req, res, path, body, this.adminTarget());
    if (adminOnly || path !== ENDPOINT_PATH) return this.send(res, 404, 'text/plain', 'Not found');
    if (req.method !== 'POST') return this.send(res, 405, 'text/plain', 'Method not allowed', { allow: 'POST' });
    await this.handleOci(req, res, body);
  }

  private adminTarget() {
    return {
      faults: () => this.faults(),
      setFaults: (f: Partial<Faults>) => this.setFaults(f),
      reset: () => this.reset(),
      forceLogout: () => this.forceLogout(),
      requestLog: () => this.requestLog(),
      clearRequestLog: () => this.clearRequestLog(),
      stats: () => this.stats(),
      scheduleUp: (ms: number) => this.scheduleUp(ms),
      data: () => this.data(),
      replaceData: (d: DemoData) => this.replaceData(d),
    };
  }

  private async handleOci(req: IncomingMessage, res: ServerResponse, body: string): Promise<void> {
    const faults = this.env.faults;
    const headers: Record<string, string> = {};
    let cookie = cookieValue(req.headers.cookie, 'JSESSIONID');
    if (!this.sessions.hasCookie(cookie)) {
      cookie = this.sessions.newCookie();
      headers['set-cookie'] = `JSESSIONID=${cookie}; Path=/webservice; HttpOnly`;
    }
    let doc: RequestDocument;
    let xml: string;
    try {
      xml = readOciMessage(body);
      doc = parseRequestDocument(xml);
    } catch (err) {
      return this.send(
        res,
        500,
        XML_TYPE,
        soapFault('soapenv:Server.userException', 'org.xml.sax.SAXException', (err as Error).message),
        headers,
      );
    }
    const served = serveDocument(this.serving, doc, xml, cookie);
    if (served.drop === 'before') return void req.socket.destroy();
    const { drop, sessionId, verdict } = served;
    let status = 200;
    let reply: string;
    switch (verdict.kind) {
      case 'invalid':
        status = 500;
        reply = soapFault('soapenv:Server.userException', 'INVALID_REQUEST', INVALID_DOCUMENT_DETAIL);
        break;
      case 'not-logged-in':
        status = 500;
        reply = notLoggedInFault();
        break;
      case 'after-execute':
        ({ status, body: reply } = afterExecuteReply({ ...faults, faultAfterExecute: verdict.fault }, sessionId, {
          prefixErrorChildren: faults.prefixErrorChildren,
          latin1: faults.replyEncoding !== '',
        }));
        break;
      case 'reply':
        reply = soapReply(verdict.xml);
    }
    if (faults.latencyMs > 0) await this.waits.sleep(faults.latencyMs);
    if (drop) return void req.socket.destroy();
    if (faults.replyMode !== 'normal') {
      const broken = brokenReply(faults.replyMode, reply);
      return this.send(res, 200, broken.contentType, broken.body, headers);
    }
    // As some XSPs do: no charset in Content-Type, a Java-style label in the XML declaration only.
    if (faults.replyEncoding)
      return this.send(res, status, 'text/xml', latin1Reply(reply, faults.replyEncoding), headers);
    this.send(res, status, XML_TYPE, reply, headers);
  }
}
