import { createServer } from 'node:http';
import { installShutdown } from '../../src/shutdown';

describe('installShutdown exit code', () => {
  async function stopper() {
    const server = createServer((_req, res) => res.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const codes: number[] = [];
    const logger = { info: () => undefined, warn: () => undefined };
    const stop = installShutdown({
      server,
      oci: { close: () => Promise.resolve() },
      logger,
      graceMs: 100,
      signals: [],
      exit: (code) => codes.push(code),
    });
    return { stop, codes };
  }

  it('exits 0 by default and with the code asked for', async () => {
    const a = await stopper();
    await a.stop();
    expect(a.codes).toEqual([0]);
    const b = await stopper();
    await b.stop(70);
    expect(b.codes).toEqual([70]);
  });

  it('an uncaught error during a drain already under way still exits non-zero, once', async () => {
    const { stop, codes } = await stopper();
    await Promise.all([stop(), stop(70)]);
    expect(codes).toEqual([70]);
  });
});
