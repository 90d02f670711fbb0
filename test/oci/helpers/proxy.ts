import { createServer, request, IncomingHttpHeaders, RequestListener, Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { Socket } from 'node:net';
import { listen } from '../../helpers/listen';

export interface SeenRequest {
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A loopback HTTP proxy in front of the simulator that records every request and can
 * drop a chosen one (socket destroyed) before or after forwarding it, forward it
 * without its cookie, or rewrite a reply (to play what a real BroadWorks may answer
 * and the simulator does not).
 */
export async function startProxy(
  target: string,
  drop: (body: string, n: number) => 'before' | 'after' | 'strip-cookie' | undefined = () => undefined,
  tls?: { key: Buffer; cert: Buffer },
  rewriteReply: (reply: string, request: string) => string = (reply) => reply,
) {
  const seen: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  const handler: RequestListener = (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ headers: req.headers, body });
      const verdict = drop(body, seen.length);
      if (verdict === 'before') return void req.socket.destroy();
      // 'strip-cookie' plays a load balancer that lost stickiness: the server sees a stranger.
      const headers = { ...req.headers };
      if (verdict === 'strip-cookie') delete headers.cookie;
      const up = request(`${target}${req.url}`, { method: req.method, headers }, (upRes) => {
        const out: Buffer[] = [];
        upRes.on('data', (c: Buffer) => out.push(c));
        upRes.on('end', () => {
          if (verdict === 'after') return void req.socket.destroy();
          const reply = Buffer.from(rewriteReply(Buffer.concat(out).toString('utf8'), body), 'utf8');
          res.writeHead(upRes.statusCode ?? 502, { ...upRes.headers, 'content-length': String(reply.length) });
          res.end(reply);
        });
      });
      up.end(body);
    });
  };
  const server: Server = tls ? createTlsServer(tls, handler) : createServer(handler);
  server.on(tls ? 'secureConnection' : 'connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const { url } = await listen(server);
  const origin = tls ? url.replace(/^http:/, 'https:') : url;
  return {
    origin,
    seen,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
