import { createServer, request, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { isWriteCommand } from '../../../src/oci/command';
import { listen } from '../../helpers/listen';

/** True when the SOAP request carries a document with a write command (the document is XML-escaped in it). */
function carriesWrite(soap: string): boolean {
  const types = [...soap.matchAll(/xsi:type=(?:"|&quot;)(?:\w+:)?(\w+)/g)].map((m) => m[1]);
  return types.some((t) => t !== 'LogoutRequest' && t.endsWith('Request') && isWriteCommand(t));
}

/**
 * One replica's own path to the simulator: a loopback HTTP relay that tells which replica sent
 * a document, and can hold the answer of a write (the simulator has run it; the replica waits)
 * or cut the replica off from BroadWorks.
 */
export interface OciRelay {
  /** The OCI_URL for the replica. */
  url: string;
  /** Documents with a write that this replica sent. */
  writes(): number;
  /** While on, a write is forwarded (and run) but its answer kept back until off again. */
  holdWrites(on: boolean): void;
  /** While on, every document's connection is dropped before it is forwarded. */
  cutOff(on: boolean): void;
  close(): Promise<void>;
}

export async function startOciRelay(simulatorUrl: string): Promise<OciRelay> {
  const target = new URL(simulatorUrl);
  let writes = 0;
  let holding = false;
  let cut = false;
  let release: () => void = () => {};
  let released = Promise.resolve();
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (cut) return void req.socket.destroy();
      const body = Buffer.concat(chunks);
      const isWrite = carriesWrite(body.toString('utf8'));
      if (isWrite) writes += 1;
      const wait = isWrite && holding ? released : undefined;
      const up = request(
        new URL(req.url ?? '/', target),
        { method: req.method, headers: { ...req.headers, host: target.host } },
        (upRes) => {
          const out: Buffer[] = [];
          upRes.on('data', (c: Buffer) => out.push(c));
          upRes.on('end', () => {
            void (wait ?? Promise.resolve()).then(() => {
              if (res.destroyed) return;
              const reply = Buffer.concat(out);
              res.writeHead(upRes.statusCode ?? 502, { ...upRes.headers, 'content-length': String(reply.length) });
              res.end(reply);
            });
          });
        },
      );
      up.on('error', () => req.socket.destroy());
      up.end(body);
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const { url } = await listen(server);
  return {
    url: `${url}${target.pathname}`,
    writes: () => writes,
    holdWrites(on) {
      holding = on;
      if (on) released = new Promise<void>((r) => (release = r));
      else release();
    },
    cutOff(on) {
      cut = on;
    },
    async close() {
      release();
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
