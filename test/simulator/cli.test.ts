import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const REGISTER = join(ROOT, 'test', 'ops', 'helpers', 'swc-register.js');
const CLI = join(ROOT, 'src', 'simulator', 'cli.ts');

/** Starts the CLI on an ephemeral port and resolves with its admin origin once it listens. */
function startCli(args: string[]): Promise<{ child: ChildProcess; origin: string }> {
  const child = spawn(process.execPath, ['-r', REGISTER, CLI, '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/[^/\s]+)\//.exec(out);
      if (m) resolve({ child, origin: m[1] });
    });
    child.on('exit', (code) => reject(new Error(`simulator CLI exited ${code}: ${out}`)));
  });
}

describe('simulator CLI', () => {
  test('when started with fault flags, then the admin API reports exactly those faults, and SIGTERM closes it with 0', async () => {
    const { child, origin } = await startCli([
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
      '--quiet',
    ]);
    try {
      const faults = await (await fetch(`${origin}/__simulator/faults`)).json();
      expect(faults).toEqual({
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
      });
      // The same knobs at run time, through the admin API; unknown values are refused.
      const put = (body: unknown) =>
        fetch(`${origin}/__simulator/faults`, { method: 'PUT', body: JSON.stringify(body) });
      expect((await put({ faultAfterExecute: 'server-fault', replyEncoding: '', notAssignedCode: 4410 })).status).toBe(
        200,
      );
      const now = (await (await fetch(`${origin}/__simulator/faults`)).json()) as Record<string, unknown>;
      expect([now.faultAfterExecute, now.replyEncoding, now.notAssignedCode]).toEqual(['server-fault', '', 4410]);
      expect((await put({ faultOn: 'sometimes' })).status).toBe(400);
      expect((await put({ rejectDocumentCode: -1 })).status).toBe(400);
    } finally {
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  }, 30_000);

  test('when a flag value is out of range, then one clear message and exit 1', () => {
    const r = spawnSync(process.execPath, ['-r', REGISTER, CLI, '--port', '0', '--reply-mode', 'bogus'], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/--reply-mode must be one of normal, malformed, doctype, oversized, html/);
  }, 30_000);
});
