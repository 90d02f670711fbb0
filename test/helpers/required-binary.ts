import { spawnSync } from 'node:child_process';

/**
 * A system binary some suites need (Debian's nginx, redis-server): found on PATH or at its Debian
 * path. Without it those suites skip with a message, unless CI sets `requiredBy` to 1, where its
 * absence is a failure rather than a silent skip.
 */
export interface RequiredBinary {
  /** The command's name, as on PATH (`nginx`). */
  command: string;
  /** Where Debian puts it when PATH does not have it (`/usr/sbin/nginx`). */
  debianPath: string;
  /** The environment variable CI sets to 1 (`REQUIRE_NGINX`). */
  requiredBy: string;
}

/** The binary's path, or undefined when it is not installed. */
export function findBinary({ command, debianPath }: RequiredBinary): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${command} || ls ${debianPath} 2>/dev/null`], { encoding: 'utf8' });
  const path = found.stdout.trim().split('\n')[0];
  return path ? path : undefined;
}

/** `describe` when the binary exists; else a skip with a reason (or a failure when CI requires it). */
export function describeWithBinary(binary: RequiredBinary, path: string | undefined) {
  return (name: string, fn: () => void): void => {
    if (path) return describe(name, fn);
    const install = `apt-get install -y ${binary.command}`;
    if (process.env[binary.requiredBy] === '1') {
      describe(name, () => {
        it(`needs ${binary.command}`, () => {
          throw new Error(`${binary.requiredBy}=1 but ${binary.command} is not installed (${install})`);
        });
      });
      return;
    }
    console.warn(`skipped "${name}": ${binary.command} is not installed (${install}; CI sets ${binary.requiredBy}=1)`);
    describe.skip(name, fn);
  };
}
