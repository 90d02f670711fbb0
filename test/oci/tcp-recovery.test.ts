import { connect, createServer, type Server, type Socket } from 'node:net';
import { createOciClient, type OciClient } from '../../src/oci/client';
import { startSimulator, type Simulator } from '../../src/simulator';
import { eventually } from '../helpers/eventually';
import { READ, testOptions } from './helpers/client-options';

/**
 * Sockets the Application Server closes, and sockets a refused login leaves behind: a relay
 * between the client and the simulator's TCP port can cut every connection (as an AS restart
 * does) and counts the connections still open.
 */

interface Relay {
  url: string;
  open: Set<Socket>;
  cutAll(): void;
  close(): Promise<void>;
}

async function startRelay(target: string): Promise<Relay> {
  const port = Number(new URL(target).port);
  const open = new Set<Socket>();
  const server: Server = createServer((client) => {
    open.add(client);
    const upstream = connect(port, '127.0.0.1');
    client.pipe(upstream).pipe(client);
    const done = () => {
      open.delete(client);
      client.destroy();
      upstream.destroy();
    };
    for (const s of [client, upstream]) {
      s.on('close', done);
      s.on('error', done);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port: relayPort } = server.address() as { port: number };
  return {
    url: `tcp://127.0.0.1:${relayPort}`,
    open,
    cutAll: () => {
      for (const s of [...open]) s.destroy();
    },
    close: async () => {
      for (const s of [...open]) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('OCI-P over TCP: sockets that close', () => {
  let sim: Simulator;
  let relay: Relay;
  let client: OciClient | undefined;
  beforeEach(async () => {
    sim = await startSimulator({ quiet: true, tcpPort: 0 });
    relay = await startRelay(sim.tcpUrl);
  });
  afterEach(async () => {
    await client?.close();
    client = undefined;
    await relay.close();
    await sim.close();
  });

  test('When the server closes every idle connection, then the recovery probe logs in again with no request', async () => {
    // A long keep-alive: only the probe, not the pool's sweep, can notice in time.
    client = createOciClient(
      testOptions([relay.url], { sessions: 1, recoveryProbeMs: 30, keepAliveMs: 600_000, readyWindowMs: 600_000 }),
    );
    await client.start();
    await client.execute([READ]);
    expect(client.readiness().ready).toBe(true);
    const logins = () => sim.requestLog().filter((e) => e.commandTypes.includes('LoginRequest14sp4')).length;
    const before = logins();
    relay.cutAll();
    // The probe may log in again before anyone looks: a new login on a new socket is the proof.
    await eventually(
      () => logins() > before && client!.readiness().ready,
      'a new login, ready again without a request',
    );
    expect(relay.open.size).toBe(1);
  });

  test('When logins are refused, then each refused login closes its socket', async () => {
    client = createOciClient(
      testOptions([relay.url], { password: 'wrong', recoveryProbeMs: 20, recoveryRefusedBackoffMs: 20 }),
    );
    await client.start();
    const logins = () => sim.requestLog().filter((e) => e.commandTypes.includes('LoginRequest14sp4')).length;
    await eventually(() => logins() >= 6, 'six refused logins');
    // The one being refused right now may still hold its connection.
    await eventually(() => relay.open.size <= 1, 'refused logins to leave no connection behind');
  });
});
