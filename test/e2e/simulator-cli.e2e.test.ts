import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DemoData } from '../../src/simulator';
import { createOciClient, type OciClient } from '../../src/oci/client';
import { eventually } from '../helpers/eventually';
import { makeTestCa } from '../helpers/test-ca';
import { READ, testOptions } from '../oci/helpers/client-options';
import { loggedIn, SimSession } from '../simulator/sim-client';

const ROOT = join(__dirname, '..', '..');
const REGISTER = join(ROOT, 'test', 'ops', 'helpers', 'swc-register.js');
const CLI = join(ROOT, 'src', 'simulator', 'cli.ts');

interface Cli {
  child: ChildProcess;
  url: string;
  origin: string;
  admin: string;
  output: () => string;
}

/** Starts the CLI on ephemeral ports and resolves once it prints its SOAP and admin URLs. */
function startCli(args: string[]): Promise<Cli> {
  const child = spawn(process.execPath, ['-r', REGISTER, CLI, '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const soap = /listening on ((http:\/\/[^/\s]+)\/\S+)/.exec(out);
      const admin = /admin API: (http:\/\/[^/\s]+)\//.exec(out);
      if (soap && admin) resolve({ child, url: soap[1], origin: soap[2], admin: admin[1], output: () => out });
    });
    child.on('exit', (code) => reject(new Error(`simulator CLI exited ${code}: ${out}`)));
  });
}

async function stop(cli: Cli): Promise<number | null> {
  if (cli.child.exitCode !== null) return cli.child.exitCode;
  const exited = new Promise<number | null>((r) => cli.child.once('exit', (code) => r(code)));
  cli.child.kill('SIGTERM');
  return exited;
}

function runCli(args: string[]) {
  return spawnSync(process.execPath, ['-r', REGISTER, CLI, ...args], { encoding: 'utf8', timeout: 20_000 });
}

async function adminCall(origin: string, method: string, route: string, body?: unknown) {
  const res = await fetch(`${origin}/__simulator/${route}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** Polls a SOAP login until it succeeds (the endpoint came back), without asserting on time. */
async function eventuallyUp(url: string): Promise<SimSession> {
  for (let i = 0; ; i++) {
    try {
      return await loggedIn(url);
    } catch (err) {
      if (i > 2000) throw err;
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}

const demo = (): DemoData => JSON.parse(readFileSync(join(ROOT, 'fixtures', 'demo-data.json'), 'utf8')) as DemoData;

describe('simulator CLI', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sim-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('when started with fault flags, then the admin API reports exactly those faults, and SIGTERM closes it with 0', async () => {
    const cli = await startCli([
      '--latency-ms',
      '5',
      '--error-rate',
      '0.25',
      '--drop-rate',
      '0.5',
      '--drop-phase',
      'after',
      '--expire-sessions-every',
      '7',
      '--reply-mode',
      'doctype',
      '--fault-after-execute',
      'no-ocs-connection',
      '--fault-on',
      'all',
      '--fault-once',
      '--fault-form',
      'error-response',
      '--reject-document-code',
      '6004',
      '--reply-encoding',
      'ISO8859_1',
      '--warn-command',
      'UserExecutiveModifyFilteringRequest',
      '--warn-no-apply',
      '--prefix-error-children',
      '--refuse-login-22v5',
      '--not-assigned-code',
      '4999',
      '--socket-fault',
      'glued-replies',
      '--quiet',
    ]);
    try {
      expect((await adminCall(cli.admin, 'GET', 'faults')).json).toEqual({
        latencyMs: 5,
        errorRate: 0.25,
        dropRate: 0.5,
        dropPhase: 'after',
        expireSessionsEvery: 7,
        down: false,
        replyMode: 'doctype',
        faultAfterExecute: 'no-ocs-connection',
        faultOn: 'all',
        faultOnce: true,
        faultForm: 'error-response',
        rejectDocumentCode: 6004,
        replyEncoding: 'ISO8859_1',
        warnCommand: 'UserExecutiveModifyFilteringRequest',
        warnApplies: false,
        prefixErrorChildren: true,
        refuseLogin22V5: true,
        notAssignedCode: 4999,
        socketFault: 'glued-replies',
      });
      // The same knobs at run time, through the admin API; unknown values are refused.
      const put = (body: unknown) => adminCall(cli.admin, 'PUT', 'faults', body);
      expect((await put({ faultAfterExecute: 'server-fault', replyEncoding: '', notAssignedCode: 4410 })).status).toBe(
        200,
      );
      const now = (await adminCall(cli.admin, 'GET', 'faults')).json;
      expect([now.faultAfterExecute, now.replyEncoding, now.notAssignedCode]).toEqual(['server-fault', '', 4410]);
      expect((await put({ faultOn: 'sometimes' })).status).toBe(400);
      expect((await put({ rejectDocumentCode: -1 })).status).toBe(400);
    } finally {
      expect(await stop(cli)).toBe(0);
    }
  }, 30_000);

  test('when started with --data FILE and put down for a while through the admin API, then the admin API stays up, the SOAP endpoint refuses and then comes back with that data', async () => {
    const data = demo();
    const rig = { ...data.users[0], userId: 'rig-user@acme.example.com', password: 'rig-password' };
    delete rig.executive;
    data.users.push(rig);
    const file = join(dir, 'rig-data.json');
    writeFileSync(file, JSON.stringify(data));
    const cli = await startCli(['--data', file, '--quiet']);
    try {
      expect(cli.admin).not.toBe(cli.origin);
      // The data set's own user can log in over SOAP.
      await loggedIn(cli.url, 'rig-user@acme.example.com', 'rig-password');

      expect((await adminCall(cli.admin, 'PUT', 'faults', { downForMs: 300 })).status).toBe(200);
      // The admin API answers while the SOAP endpoint is down, and says so.
      expect((await adminCall(cli.admin, 'GET', 'faults')).json.down).toBe(true);
      await expect(fetch(cli.url, { method: 'POST', body: '' })).rejects.toMatchObject({
        cause: { code: 'ECONNREFUSED' },
      });
      // Back by itself after downForMs: the process did not exit, the data set is still there.
      const s = await eventuallyUp(cli.url);
      expect(s.cookie).toBeDefined();
      await loggedIn(cli.url, 'rig-user@acme.example.com', 'rig-password');
      expect((await adminCall(cli.admin, 'GET', 'faults')).json.down).toBe(false);
      expect(cli.child.exitCode).toBeNull();

      // Run-time data: DELETE goes back to the demo data (the rig user is gone) …
      expect((await adminCall(cli.admin, 'DELETE', 'data')).status).toBe(200);
      await expect(loggedIn(cli.url, 'rig-user@acme.example.com', 'rig-password')).rejects.toThrow(/login failed/);
      // … and PUT replaces it again; a bad data set is refused naming the entry.
      expect((await adminCall(cli.admin, 'PUT', 'data', data)).json).toEqual({ ok: true, users: data.users.length });
      await loggedIn(cli.url, 'rig-user@acme.example.com', 'rig-password');
      const bad = structuredClone(data);
      bad.users[2].groupId = 'no-such-group';
      const refused = await adminCall(cli.admin, 'PUT', 'data', bad);
      expect(refused.status).toBe(400);
      expect(refused.json.error).toMatch(
        /users\[2\] \(asst1@acme\.example\.com\): unknown group "acme-ent\/no-such-group"/,
      );
    } finally {
      expect(await stop(cli)).toBe(0);
    }
  }, 60_000);

  test('when started with --tcp-port and --tls-port, then OCI-P answers on both sockets (the certificate made at run time)', async () => {
    const ca = makeTestCa();
    const cli = await startCli([
      '--tcp-port',
      '0',
      '--tls-port',
      '0',
      '--tls-cert',
      ca.good.cert,
      '--tls-key',
      ca.good.key,
    ]);
    let client: OciClient | undefined;
    try {
      await eventually(() => /OCI-P over TLS: tls:\/\//.test(cli.output()), 'the TLS URL printed');
      const tcpUrl = /OCI-P over TCP: (tcp:\/\/\S+)/.exec(cli.output())![1];
      const tlsUrl = /OCI-P over TLS: (tls:\/\/\S+)/.exec(cli.output())![1];
      for (const url of [tcpUrl, tlsUrl]) {
        client = createOciClient(testOptions([url], { caFile: ca.caFile }));
        expect((await client.execute([READ]))[0].kind).toBe('success');
        await client.close();
        client = undefined;
      }
    } finally {
      await client?.close();
      await stop(cli);
      ca.remove();
    }
  });

  test('when --tls-port comes without a certificate, then one clear message and exit 1', () => {
    const r = runCli(['--port', '0', '--tls-port', '0']);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe('simulator: --tls-port needs --tls-cert FILE and --tls-key FILE');
  }, 30_000);

  test('--help prints the flags and exits 0', () => {
    const r = runCli(['--help']);
    expect(r.status).toBe(0);
    for (const flag of [
      '--port',
      '--admin-port',
      '--tcp-port',
      '--tls-port',
      '--tls-cert',
      '--tls-key',
      '--socket-fault',
      '--data',
      '--latency-ms',
      '--reply-mode',
      '--no-validate',
    ])
      expect(r.stdout).toContain(flag);
  }, 30_000);

  test('an unknown flag is one clear error and exit 1', () => {
    const r = runCli(['--port', '0', '--bogus']);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe('simulator: unknown flag --bogus (see --help)');
  }, 30_000);

  test('when a flag value is out of range, then one clear message and exit 1', () => {
    const r = runCli(['--port', '0', '--reply-mode', 'bogus']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/--reply-mode must be one of normal, malformed, doctype, oversized, html/);
  }, 30_000);

  test('when --data names a bad entry, then the message names it and exit 1', () => {
    const data = demo();
    (data.users[0].executive!.criteria[1].fromDn as { selection: string }).selection = 'Everybody';
    const file = join(dir, 'bad-data.json');
    writeFileSync(file, JSON.stringify(data));
    const r = runCli(['--port', '0', '--data', file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      `simulator: ${file}: invalid data set: users[0].executive.criteria[1].fromDn.selection:`,
    );
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  }, 30_000);
});
