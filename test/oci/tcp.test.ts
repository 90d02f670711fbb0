import { connect, createServer, type Server, type Socket } from 'node:net';
import { createOciClient, type OciClient } from '../../src/oci/client';
import { startSimulator, type Simulator } from '../../src/simulator';
import { eventually } from '../helpers/eventually';
import { call, startGateway, userBase, type Gateway } from '../helpers/gateway';
import { failure, READ, sent, testOptions, WRITE } from './helpers/client-options';

const FILTERING_READ = { type: 'UserExecutiveGetFilteringRequest', body: { userId: 'exec1@acme.example.com' } };

describe('OCI-P over TCP, straight to the application server', () => {
  let sim: Simulator;
  let client: OciClient | undefined;
  beforeEach(async () => {
    sim = await startSimulator({ quiet: true, tcpPort: 0 });
  });
  afterEach(async () => {
    await client?.close();
    client = undefined;
    await sim.close();
  });

  test('When a read is sent over tcp://, then the session logs in with the signed password on its own socket and the reply is read', async () => {
    client = createOciClient(testOptions([sim.tcpUrl], { sessions: 1 }));
    const [r] = await client.execute([FILTERING_READ]);
    expect(r.kind).toBe('data');
    expect(sim.requestLog().map((e) => e.commandTypes[0])).toEqual([
      'AuthenticationRequest',
      'LoginRequest14sp4',
      'UserExecutiveGetFilteringRequest',
    ]);
    // The same socket carries the next document: no second login.
    await client.execute([READ]);
    expect(sent(sim, 'LoginRequest14sp4')).toBe(1);
    expect(sim.stats().sessions).toBe(1);
  });

  test('When a write is sent over tcp://, then it is applied once and a re-read shows it', async () => {
    client = createOciClient(testOptions([sim.tcpUrl]));
    const before = await client.execute([FILTERING_READ]);
    const enabled = before[0].kind === 'data' && before[0].body.enableFiltering?.[0] === 'true';
    const write = { ...WRITE, body: { ...WRITE.body, enableFiltering: String(!enabled) } };
    const [w] = await client.execute([write]);
    expect(w.kind).toBe('success');
    const [after] = await client.execute([FILTERING_READ]);
    expect(after.kind === 'data' && after.body.enableFiltering?.[0]).toBe(String(!enabled));
    expect(sent(sim, WRITE.type)).toBe(1);
  });

  test('When the connection closes after a write was written, then the outcome is unknown and the write is never resent', async () => {
    client = createOciClient(testOptions([sim.tcpUrl]));
    await client.execute([READ]);
    await sim.setFaults({ socketFault: 'close-after-write' });
    const err = await failure(client.execute([WRITE]));
    expect(err.kind).toBe('outcome-unknown');
    expect(err.sent).toBe(true);
    expect(sent(sim, WRITE.type)).toBe(1);
  });

  test('When the peer stops answering halfway through a reply, then a read times out, marked as sent, and the socket is replaced', async () => {
    client = createOciClient(testOptions([sim.tcpUrl], { sessions: 1, timeoutMs: 400 }));
    await client.execute([READ]);
    await sim.setFaults({ socketFault: 'stall-halfway', faultOn: 'all', faultOnce: true });
    const err = await failure(client.execute([FILTERING_READ]));
    expect(err.kind).toBe('timeout');
    expect(err.sent).toBe(true);
    // A new socket, a new login: the half-read one is never used again.
    const logins = sent(sim, 'LoginRequest14sp4');
    expect((await client.execute([FILTERING_READ]))[0].kind).toBe('data');
    expect(sent(sim, 'LoginRequest14sp4')).toBe(logins + 1);
  });

  test('When two replies arrive glued in one chunk, then the exchange fails and the second never answers the next request', async () => {
    client = createOciClient(testOptions([sim.tcpUrl], { sessions: 1 }));
    await client.execute([READ]);
    await sim.setFaults({ socketFault: 'glued-replies', faultOn: 'all', faultOnce: true });
    const err = await failure(client.execute([FILTERING_READ]));
    expect(err.kind).toBe('bad-reply');
    expect(err.message).toMatch(/framing error/);
    // The next document goes on a new, freshly logged-in socket and gets its own answer.
    const logins = sent(sim, 'LoginRequest14sp4');
    const [r] = await client.execute([READ]);
    expect(r.kind).toBe('success');
    expect(sent(sim, 'LoginRequest14sp4')).toBe(logins + 1);
  });

  test('When the server forgets a session while its socket stays open, then the document (read or write) is resent once after a new login on a new socket', async () => {
    client = createOciClient(testOptions([sim.tcpUrl], { sessions: 1 }));
    await client.execute([READ]);
    sim.forceLogout();
    // With a request id in the echo: the server's "not logged in" answers the whole document without one.
    expect((await client.execute([FILTERING_READ], { requestId: 'req-1' }))[0].kind).toBe('data');
    expect(sent(sim, 'LoginRequest14sp4')).toBe(2);
    sim.forceLogout();
    expect((await client.execute([WRITE], { requestId: 'req-2' }))[0].kind).toBe('success');
    expect(sent(sim, 'LoginRequest14sp4')).toBe(3);
  });

  test('When a session sits idle, then keep-alives go on its own socket and it stays logged in; past its maximum age it is logged out and replaced', async () => {
    client = createOciClient(testOptions([sim.tcpUrl], { sessions: 1, keepAliveMs: 40 }));
    await client.execute([READ]);
    await eventually(() => sent(sim, 'VerifySessionIsValidRequest') >= 3, 'keep-alives sent');
    expect(sent(sim, 'LoginRequest14sp4')).toBe(1);
    expect(sim.stats().sessions).toBe(1);
    await client.close();
    // Closing may cut a keep-alive in flight, and the socket with it (which ends that session
    // too): count only the logouts of the next client.
    const logoutsBefore = sent(sim, 'LogoutRequest');
    client = createOciClient(testOptions([sim.tcpUrl], { sessions: 1, sessionMaxAgeMs: 30 }));
    await client.execute([READ]);
    await eventually(() => sent(sim, 'LogoutRequest') > logoutsBefore, 'the old session logged out');
    await client.execute([READ]);
    expect(sent(sim, 'LoginRequest14sp4')).toBeGreaterThanOrEqual(3);
  });

  test("When the AS closes an idle session's connection, then nothing is sent on it and the next document goes on a new socket after a new login", async () => {
    client = createOciClient(testOptions([sim.tcpUrl], { sessions: 1 }));
    await client.execute([READ]);
    // Down and up again: every connection of the listener is cut, the port stays.
    await sim.setFaults({ down: true });
    await sim.setFaults({ down: false });
    await eventually(
      () => client!.stats().backends[0].sessions === 1 && !client!.readiness().ready,
      'session counted out',
    );
    sim.clearRequestLog();
    expect((await client.execute([FILTERING_READ]))[0].kind).toBe('data');
    expect(sim.requestLog().map((e) => e.commandTypes[0])).toEqual([
      'AuthenticationRequest',
      'LoginRequest14sp4',
      'UserExecutiveGetFilteringRequest',
    ]);
  });

  test('When a reply is larger than the cap, then a read is a bad reply, a write is outcome-unknown, and the socket is replaced', async () => {
    // 12 MiB must arrive before the deadline for the cap (not the deadline) to refuse it, even on a busy machine.
    client = createOciClient(testOptions([sim.tcpUrl], { sessions: 1, timeoutMs: 15_000 }));
    await client.execute([READ]);
    await sim.setFaults({ replyMode: 'oversized' });
    const read = await failure(client.execute([FILTERING_READ]));
    expect(read.kind).toBe('bad-reply');
    expect(read.message).toMatch(/larger than/);
    // Every reply is oversized, logins' too: a new session first, then the write on it.
    await sim.setFaults({ replyMode: 'normal' });
    await client.execute([READ]);
    await sim.setFaults({ replyMode: 'oversized' });
    const write = await failure(client.execute([WRITE]));
    expect(write.kind).toBe('outcome-unknown');
    expect(sent(sim, WRITE.type)).toBe(1);
    await sim.setFaults({ replyMode: 'normal' });
    expect((await client.execute([READ]))[0].kind).toBe('success');
  });

  test("When a reply's echo is not the request's, then it is refused and the next document goes on a new socket", async () => {
    // A man in the middle that rewrites the echo of one reply (same length, so framing is intact).
    const proxy = createServer((inbound) => {
      const outbound = connect(Number(new URL(sim.tcpUrl).port), '127.0.0.1');
      inbound.pipe(outbound);
      outbound.on('data', (chunk: Buffer) =>
        inbound.write(chunk.toString('latin1').replaceAll('echo="req-A"', 'echo="req-B"'), 'latin1'),
      );
      inbound.on('close', () => outbound.destroy());
      outbound.on('close', () => inbound.destroy());
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    try {
      client = createOciClient(
        testOptions([`tcp://127.0.0.1:${(proxy.address() as { port: number }).port}`], { sessions: 1 }),
      );
      await client.execute([READ], { requestId: 'req-0' });
      const err = await failure(client.execute([FILTERING_READ], { requestId: 'req-A' }));
      expect(err.kind).toBe('bad-reply');
      expect(err.message).toMatch(/echo "req-B" does not match/);
      const logins = sent(sim, 'LoginRequest14sp4');
      expect((await client.execute([FILTERING_READ], { requestId: 'req-C' }))[0].kind).toBe('data');
      expect(sent(sim, 'LoginRequest14sp4')).toBe(logins + 1);
    } finally {
      await client?.close();
      client = undefined;
      await new Promise<void>((r) => proxy.close(() => r()));
    }
  });

  test('When credentials are verified over tcp://, then a throw-away session logs in and out on a socket of its own', async () => {
    client = createOciClient(testOptions([sim.tcpUrl], { sessions: 1 }));
    await client.execute([READ]);
    const info = await client.verifyCredentials('admin', 'admin-password');
    expect(info.loginType).toBe('System');
    expect(sent(sim, 'LogoutRequest')).toBe(1);
    // The pool's session is untouched by it.
    expect((await client.execute([READ]))[0].kind).toBe('success');
    expect(sent(sim, 'LoginRequest14sp4')).toBe(2);
  });

  test.each([
    ['also over tcp://', (s: Simulator) => s.tcpUrl],
    ['over SOAP', (s: Simulator) => s.url],
  ])(
    'When the tcp:// primary refuses connections, then reads and writes go to the secondary %s (nothing was sent)',
    async (_how, secondaryUrl) => {
      const secondary = await startSimulator({ quiet: true, tcpPort: 0 });
      try {
        await sim.setFaults({ down: true });
        client = createOciClient(testOptions([sim.tcpUrl, secondaryUrl(secondary)]));
        expect((await client.execute([FILTERING_READ]))[0].kind).toBe('data');
        expect((await client.execute([WRITE]))[0].kind).toBe('success');
        expect(sent(secondary, WRITE.type)).toBe(1);
        expect(sim.requestLog()).toHaveLength(0);
      } finally {
        await client?.close();
        client = undefined;
        await secondary.close();
      }
    },
  );
});

describe("OCI-P over TCP when the AS's access list refuses this host", () => {
  let server: Server;
  let url: string;
  const sockets = new Set<Socket>();
  beforeAll(async () => {
    // What an AS does to a host outside its OCI-P access list: accept, then close at once.
    server = createServer((s) => {
      sockets.add(s);
      s.destroy();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `tcp://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
  });

  test('When every connection is closed before login, then readiness names the OCI-P access list', async () => {
    const client = createOciClient(testOptions([url], { sessions: 1 }));
    try {
      await client.start();
      await eventually(
        () => /closed before login.*OCI-P access list/.test(client.readiness().reason ?? ''),
        'readiness names the access list',
      );
      expect(client.readiness().ready).toBe(false);
    } finally {
      await client.close();
    }
  });
});

describe('The gateway over tcp:// with the bytes in either encoding', () => {
  const EXEC = userBase('acme-ent', 'acme-hq', 'exec1@acme.example.com') + 'services/executive/';
  let gw: Gateway;
  beforeAll(async () => {
    gw = await startGateway({ simulator: { tcpPort: 0 }, primaryUrl: (sim) => sim.tcpUrl });
  });
  afterAll(() => gw.close());

  test.each([
    ['UTF-8 bytes (numeric references for non-ASCII)', ''],
    ['ISO-8859-1 bytes named by the XML declaration', 'ISO-8859-1'],
    ['ISO-8859-1 bytes named with the Java label ISO8859_1', 'ISO8859_1'],
  ])('When replies come as %s, then non-ASCII text survives the round trip', async (_what, replyEncoding) => {
    await gw.sim.setFaults({ replyEncoding });
    const name = `Zoë Ñandú Façade ${replyEncoding || 'utf8'}`;
    const put = await call(gw, 'PUT', EXEC + 'alerting/', { body: { cliCustomName: name } });
    expect(put.status).toBe(200);
    expect(put.json.cliCustomName).toBe(name);
    expect((await call(gw, 'GET', EXEC + 'alerting/')).json.cliCustomName).toBe(name);
  });
});
