// Another build of this repository for a paired A/B (bench/paired.mjs PAIRED_REF): the git ref
// checked out into a temporary worktree, this checkout's node_modules linked into it (a symlink: no
// copy, no network, any filesystem), built with that ref's own `npm run build`. Removed when this
// process exits. The ref is expected to have the same dependencies as this checkout (its lockfile is
// not installed).
// As a command, `node bench/ref-build.mjs <ref>` builds and keeps the worktree and prints its
// directory (bench/run.sh builds once for its three paired runs, then removes it with
// `git worktree remove --force`).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const git = (args, cwd) => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();

/**
 * Builds `ref` and resolves to `{ dir, main }`: the worktree and its dist/src/main.js, to be
 * started with `dir` as working directory. Throws, naming the step, when the ref cannot be built.
 */
export function buildRef(ref, { keep = false } = {}) {
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
  if (!keep) process.on('exit', remove);
  git(['worktree', 'add', '--detach', '--quiet', dir, commit], repo);
  added = true;
  symlinkSync(path.join(repo, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  process.stderr.write(`building ${ref} (${commit.slice(0, 10)}) in ${dir}\n`);
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: dir, stdio: ['ignore', 'inherit', 'inherit'] });
  return { dir, main: path.join(dir, 'dist/src/main.js'), commit };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`${buildRef(process.argv[2], { keep: true }).dir}\n`);
}
