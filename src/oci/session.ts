import { randomUUID } from 'node:crypto';
import { CookieJar } from './cookie-jar';

/**
 * One OCI session: a client-chosen sessionId plus its own cookie jar (the XSP keeps the
 * login in its HTTP session). One document in flight at a time; the pool enforces it.
 */
export class OciSession {
  sessionId = randomUUID();
  jar = new CookieJar();
  loggedIn = false;
  loggedInAt = 0;
  /** Last successful exchange (any document, including keep-alive). */
  lastOkAt = 0;

  /** Forgets the server-side identity, so that the next login starts afresh. */
  renew(): void {
    this.sessionId = randomUUID();
    this.jar = new CookieJar();
    this.loggedIn = false;
  }
}
