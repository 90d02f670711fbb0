import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

let root: string | undefined;

/** The folder holding package.json: works from src/simulator (tests) and dist/src/simulator (build). */
export function projectRoot(): string {
  if (root) return root;
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = up;
  }
  root = dir;
  return dir;
}

/** A path inside fixtures/. */
export function fixturePath(...parts: string[]): string {
  return join(projectRoot(), 'fixtures', ...parts);
}
