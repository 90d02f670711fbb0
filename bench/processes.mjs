// Child processes of the benchmark scripts: started with the same Node, stopped together on exit.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

const children = [];
let stopping = false;

/**
 * Starts `node ...args` (in `cwd`, this process's own by default); `onOutput` sees every chunk it
 * prints. When it exits before stopAll(), its last output is printed and the run marked failed.
 */
export function start(name, args, env = {}, onOutput = () => {}, { discardStdout = false, cwd } = {}) {
  // discardStdout: stdout goes to /dev/null (a gateway writing an access line per request
  // must not make this process, which also drives the load, read them all).
  const stdio = ['ignore', discardStdout ? 'ignore' : 'pipe', 'pipe'];
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio, cwd });
  children.push(child);
  let out = '';
  const keep = (d) => {
    out = (out + d).slice(-20_000);
    onOutput(String(d));
  };
  child.stdout?.on('data', keep);
  child.stderr.on('data', keep);
  child.on('exit', (code, signal) => {
    if (stopping || child.stopRequested) return;
    process.stderr.write(`${name} exited (${code ?? signal}):\n${out}\n`);
    process.exitCode = 1;
  });
  return child;
}

/** Stops one child (an expected exit: not reported as a failure); resolves when it has exited. */
export function stopOne(child) {
  child.stopRequested = true;
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  return exited;
}

export function stopAll() {
  stopping = true;
  for (const c of children) c.kill('SIGTERM');
}
process.on('exit', stopAll);
// Stopped by a signal: the children stop too, and 'exit' handlers (a ref's worktree) still run.
process.on('SIGINT', () => {
  stopAll();
  process.exit(130);
});
process.on('SIGTERM', () => {
  stopAll();
  process.exit(143);
});

/** Polls `url` until it answers below 500, or throws after `ms`. */
export async function waitFor(url, ms = 30_000) {
  const until = Date.now() + ms;
  for (;;) {
    try {
      const r = await fetch(url);
      if (r.status < 500) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > until) throw new Error(`timeout waiting for ${url}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * CPU time (utime + stime) of a process, or of one of its threads with `thread`, in µs. /proc
 * counts in ticks of 1/100 s (USER_HZ on Linux).
 */
export function cpuMicros(pid, thread) {
  const stat = readFileSync(thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`, 'utf8');
  const f = stat.split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) * 10_000;
}

/** Peak resident set size (VmHWM) of a process, in MB. */
export const peakRssMb = (pid) =>
  Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;
