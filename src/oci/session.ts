import { randomUUID } from 'node:crypto';
import { CookieJar } from './cookie-jar';

/** A transport's hold on one session: over TCP/TLS its own socket, which the session dies with. */
export interface SessionLink {
  /** True once the connection is gone (closed by either side, or destroyed after a fault). */
  readonly dead: boolean;
  close(): void;
}

/**
 * One OCI session: a client-chosen sessionId plus its own cookie jar (the XSP keeps the
 * login in its HTTP session) or, over TCP/TLS, its own socket (`link`). One document in
 * flight at a time; the pool enforces it.
 */
export class OciSession {
  sessionId = randomUUID();
  jar = new CookieJar();
  /** Over TCP/TLS: the socket this session logged in on. Unused over SOAP. */
  link?: SessionLink;
  loggedIn = false;
  loggedInAt = 0;
  /** Last successful exchange (any document, including keep-alive). */
  lastOkAt = 0;

  /** Forgets the server-side identity, so that the next login starts afresh (on a new socket). */
  renew(): void {
    this.dropLink();
    this.sessionId = randomUUID();
    this.jar = new CookieJar();
    this.loggedIn = false;
  }

  /** Closes the session's socket, if it has one: over TCP/TLS the session is gone with it. */
  dropLink(): void {
    this.link?.close();
    this.link = undefined;
  }
}
