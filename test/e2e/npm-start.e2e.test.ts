import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '../helpers/eventually';

const ROOT = join(__dirname, '..', '..');
const REGISTER = join(ROOT, 'test', 'ops', 'helpers', 'swc-register.js');

/** The direct children of a process (Linux /proc). */
function childrenOf(pid: number): number[] {
  const text = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
  return text ? text.split(/\s+/).map(Number) : [];
}

function commandLine(pid: number): string {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
}

function isJsonObject(line: string): boolean {
  try {
    const v = JSON.parse(line) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v);
  } catch {
    return false;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('npm start as an operator runs it', () => {
  test('When npm start runs with stdout piped, then stdout carries JSON lines only and the banner and demo tokens go to stderr; on SIGTERM node (its only child) drains and exits 0, and nothing is left on the port', async () => {
    const npm = spawn('npm', ['start', '--silent'], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', OCI_URL: '', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let stdout = '';
    let stderr = '';
    npm.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      stdout += d.toString();
    });
    npm.stderr.on('data', (d: Buffer) => {
      out += d.toString();
      stderr += d.toString();
    });
    const exited = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)));
    let gateway: number | undefined;
    try {
      const base = await new Promise<string>((resolve, reject) => {
        // The banner is on stderr: stdout is a pipe here, so it carries the JSON log alone.
        npm.stderr.on('data', () => {
          const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m) resolve(m[1]);
        });
        void exited.then((code) => reject(new Error(`npm start exited ${code}: ${out}`)));
      });
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      // The demo tokens and the curl line, for a person: on stderr, and they work.
      await eventually(() => /Try:\n {2}curl .*'\n/.test(stderr), 'the curl line');
      const [, token, url] = /curl -s -H 'Authorization: Bearer ([^']+)' '([^']+)'/.exec(stderr)!;
      expect((await fetch(url, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
      const tokens = [...stderr.matchAll(/token[^:\n]*:\n {2}(\S+)/g)].map((m) => m[1]);
      expect(tokens.length).toBeGreaterThanOrEqual(2);
      // stdout is a pipe: JSON lines only (the access lines of the requests above among them), no token.
      await eventually(() => stdout.includes(`"url":"${new URL(url).pathname}"`), 'the access line of the curl call');
      const lines = stdout.split('\n').filter((l) => l !== '');
      expect(lines.filter((l) => !isJsonObject(l))).toEqual([]);
      for (const t of [token, ...tokens]) expect(stdout).not.toContain(t);
      expect(stderr).toContain('OCI REST gateway listening on');

      // The build ran as its own step (prestart): npm's only child is node itself, no shell between.
      const children = childrenOf(npm.pid!);
      expect(children).toHaveLength(1);
      gateway = children[0];
      expect(commandLine(gateway)).toMatch(/^node .*dist\/src\/main\.js$/);

      npm.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(out).toContain('"msg":"shutdown: OCI sessions closed"');
      expect(alive(gateway)).toBe(false);
      await expect(fetch(`${base}/healthz`)).rejects.toMatchObject({ cause: { code: 'ECONNREFUSED' } });
    } finally {
      npm.kill('SIGKILL');
      if (gateway !== undefined && alive(gateway)) process.kill(gateway, 'SIGKILL');
    }
  }, 120_000);

  test('an unknown command-line flag is one clear error and exit 1; --help exits 0', () => {
    const main = join(ROOT, 'src', 'main.ts');
    const bad = spawnSync(process.execPath, ['-r', REGISTER, main, '--port', '9090'], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim()).toBe(
      'unknown flag --port: the gateway is configured by environment variables (see --help)',
    );
    const help = spawnSync(process.execPath, ['-r', REGISTER, main, '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('OCI_URL');
  }, 60_000);

  // What prestart/presimulator run: tsc -b with its build info in dist/, on a copy of the sources.
  test('the build before npm start builds a fresh clone, skips an up-to-date tree, and rebuilds after a source changes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ocigw-build-'));
    try {
      for (const f of ['package.json', 'tsconfig.json', 'tsconfig.build.json']) cpSync(join(ROOT, f), join(dir, f));
      for (const d of ['src', 'mappings']) cpSync(join(ROOT, d), join(dir, d), { recursive: true });
      symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
      const prestart = () => {
        const run = spawnSync('npm', ['run', 'prestart', '--silent'], { cwd: dir, encoding: 'utf8' });
        expect([run.status, run.stderr, run.stdout]).toEqual([0, '', '']);
      };
      const main = join(dir, 'dist', 'src', 'main.js');
      const health = join(dir, 'dist', 'src', 'http', 'health.js');

      prestart(); // a fresh clone: no dist/ yet
      expect(existsSync(main)).toBe(true);
      const built = { main: statSync(main).mtimeMs, health: statSync(health).mtimeMs };

      prestart(); // nothing changed: nothing written
      expect({ main: statSync(main).mtimeMs, health: statSync(health).mtimeMs }).toEqual(built);
      expect(readFileSync(health, 'utf8')).not.toContain('changedSinceTheBuild');

      appendFileSync(join(dir, 'src', 'http', 'health.ts'), '\nexport const changedSinceTheBuild = 1;\n');
      prestart();
      expect(readFileSync(health, 'utf8')).toContain('changedSinceTheBuild');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});
