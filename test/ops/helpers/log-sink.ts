import { Writable } from 'node:stream';

/** A pino destination that keeps every JSON line, for assertions on what was logged. */
export function logSink(): { stream: Writable; lines(): Record<string, unknown>[]; raw(): string } {
  let buffer = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      buffer += chunk.toString();
      done();
    },
  });
  return {
    stream,
    raw: () => buffer,
    lines: () =>
      buffer
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}
