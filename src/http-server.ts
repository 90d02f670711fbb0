import { createServer, type RequestListener, type Server } from 'node:http';
import type { Config } from './config';

/**
 * The HTTP server of the gateway. Its timeouts bound only how long a client may take to SEND
 * its request: headers within headersTimeout, the whole request within requestTimeout (else node
 * answers 408 and closes the connection), so a slow client cannot hold a socket and a parser for
 * minutes. Nothing bounds the answer: it may wait in the OCI queue and take OCI_TIMEOUT_MS per
 * document, and the OCI client's own deadlines end it. Idle keep-alive connections stay open
 * longer than a balancer keeps its idle upstream connections, so the balancer always closes
 * first and never sends a request on a connection the gateway is closing.
 */
export function createHttpServer(app: RequestListener, timeouts: Config['http']): Server {
  const { headersTimeoutMs, requestTimeoutMs, keepAliveTimeoutMs } = timeouts;
  const server = createServer(
    {
      headersTimeout: headersTimeoutMs,
      requestTimeout: requestTimeoutMs,
      keepAliveTimeout: keepAliveTimeoutMs,
      // How often node looks for requests past those bounds (its default, 30 s, would let a
      // 20 s bound run to 50 s).
      connectionsCheckingInterval: Math.max(100, Math.min(5000, Math.floor(headersTimeoutMs / 4))),
    },
    app,
  );
  // No inactivity timeout on the socket while an answer is being prepared.
  server.setTimeout(0);
  return server;
}
