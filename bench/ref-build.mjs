// Another build of this repository for a paired A/B (bench/paired.mjs PAIRED_REF): the git ref
// checked out into a temporary worktree, this checkout's node_modules hard-linked into it (cp -al:
// no copy, no network), built with that ref's own `npm run build`. Removed when this process exits.
// The ref is expected to have the same dependencies as this checkout (its lockfile is not installed).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const git = (args, cwd) => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();

/**
 * Builds `ref` and resolves to `{ dir, main }`: the worktree and its dist/src/main.js, to be
 * started with `dir` as working directory. Throws, naming the step, when the ref cannot be built.
 */
export function buildRef(ref) {
  const repo = git(['rev-parse', '--show-toplevel']);
  const commit = git(['rev-parse', '--verify', `${ref}^{commit}`], repo);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gateway-ref-'));
  let added = false;
  const remove = () => {
    if (added) {
      try {
        git(['worktree', 'remove', '--force', dir], repo);
      } catch {
        git(['worktree', 'prune'], repo);
      }
      added = false;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.on('exit', remove);
  git(['worktree', 'add', '--detach', '--quiet', dir, commit], repo);
  added = true;
  execFileSync('cp', ['-al', path.join(repo, 'node_modules'), path.join(dir, 'node_modules')]);
  process.stdout.write(`building ${ref} (${commit.slice(0, 10)}) in ${dir}\n`);
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: dir, stdio: ['ignore', 'inherit', 'inherit'] });
  return { dir, main: path.join(dir, 'dist/src/main.js'), commit };
}
