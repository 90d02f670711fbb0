import { readFileSync, writeFileSync } from 'node:fs';

/**
 * Elapsed times of the fault scenarios, for docs/reliability.md. The suite never asserts on
 * them (no timed assertions); set RELIABILITY_TIMES=<file> to have them written out.
 */
const times: Record<string, number[]> = {};

/** Runs `fn` and records how long it took under `label`. */
export async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    (times[label] ??= []).push(Math.round(performance.now() - t0));
  }
}

/** Merges this file's figures into the RELIABILITY_TIMES file, if set. */
export function flushTimings(): void {
  const out = process.env.RELIABILITY_TIMES;
  if (!out) return;
  let prev: Record<string, number[]> = {};
  try {
    prev = JSON.parse(readFileSync(out, 'utf8')) as Record<string, number[]>;
  } catch {
    /* first writer */
  }
  writeFileSync(out, JSON.stringify({ ...prev, ...times }, null, 2));
}
