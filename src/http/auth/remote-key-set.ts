import { createLocalJWKSet, errors as joseErrors, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';

/** The issuer's keys cannot be had now: the token may be fine (→ 503 keys-unavailable). */
export class KeysUnavailableError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('signing keys unavailable');
    this.name = 'KeysUnavailableError';
  }
}

export interface RemoteKeySetOptions {
  now: () => number;
  /** Least time between two fetches, whatever the tokens ask for (default 30 s). */
  cooldownMs?: number;
  /** Bound of one fetch (default 5 s). */
  timeoutMs?: number;
}

/**
 * The key set of an identity provider, fetched at most once per cooldown: at the first token,
 * then again only when a token names a key the set lacks (the issuer rotated its keys) and the
 * cooldown has passed. A failed fetch counts too, so a failing endpoint is not hammered and
 * tokens with forged `kid`s cannot make the gateway fetch. Keys already known stay in use while
 * the endpoint fails.
 */
export function createRemoteKeySet(url: URL, opts: RemoteKeySetOptions): JWTVerifyGetKey {
  const cooldownMs = opts.cooldownMs ?? 30_000;
  const timeoutMs = opts.timeoutMs ?? 5_000;
  let keys: JWTVerifyGetKey | undefined;
  let lastFetchAt = -Infinity;
  let lastFailed = false;
  let inFlight: Promise<void> | undefined;

  async function fetchKeys(): Promise<void> {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
      if (res.status !== 200) throw new Error(`the key set answered ${res.status}`);
      keys = createLocalJWKSet((await res.json()) as JSONWebKeySet);
      lastFailed = false;
    } catch {
      lastFailed = true;
    }
  }

  /** Fetches again unless a fetch ran within the cooldown; concurrent callers share one fetch. */
  function refresh(): Promise<void> {
    if (inFlight) return inFlight;
    if (opts.now() - lastFetchAt < cooldownMs) return Promise.resolve();
    lastFetchAt = opts.now();
    inFlight = fetchKeys().finally(() => (inFlight = undefined));
    return inFlight;
  }

  function unavailable(): KeysUnavailableError {
    return new KeysUnavailableError(Math.max(1, Math.ceil((lastFetchAt + cooldownMs - opts.now()) / 1000)));
  }

  return async (header, token) => {
    if (!keys) await refresh();
    if (!keys) throw unavailable();
    try {
      return await keys(header, token);
    } catch (err) {
      if (!(err instanceof joseErrors.JWKSNoMatchingKey)) throw err;
    }
    // A key the set lacks: perhaps rotated in at the issuer since the last fetch.
    await refresh();
    if (lastFailed) throw unavailable();
    return keys(header, token);
  };
}
