import { createServer } from 'node:http';
import { listen } from './listen';

/** An identity provider's JWKS endpoint on loopback that counts its fetches. */
export interface KeyServer {
  url: string;
  readonly fetches: number;
  /** What it answers: 200 with the key set, another status with an error body, 0 to cut the connection. */
  status: number;
  close(): Promise<void>;
}

export async function startKeyServer(jwks: object, status = 200): Promise<KeyServer> {
  const state = { fetches: 0, status };
  const http = await listen(
    createServer((_req, res) => {
      state.fetches++;
      if (state.status === 0) return void res.socket?.destroy();
      res.writeHead(state.status, { 'content-type': 'application/json' });
      res.end(state.status === 200 ? JSON.stringify(jwks) : '{"error":"down"}');
    }),
  );
  return {
    url: `${http.url}/.well-known/jwks.json`,
    get fetches() {
      return state.fetches;
    },
    get status() {
      return state.status;
    },
    set status(s: number) {
      state.status = s;
    },
    close: () => http.close(),
  };
}
