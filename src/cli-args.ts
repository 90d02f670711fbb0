import { parseArgs } from 'node:util';

/** A command line the gateway does not understand; the message is one line for stderr. */
export class UsageError extends Error {}

/**
 * The gateway takes no flags but `--help`/`-h` (configuration is environment variables only),
 * so anything else is refused rather than silently ignored. Returns true for help.
 */
export function parseGatewayArgs(argv: readonly string[]): { help: boolean } {
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: { help: { type: 'boolean', short: 'h', default: false } },
      allowPositionals: false,
    });
    return { help: values.help };
  } catch (err) {
    const message = (err as Error).message;
    const flag = /Unknown option '([^']+)'/.exec(message)?.[1];
    const arg = /Unexpected argument '([^']+)'/.exec(message)?.[1];
    if (flag)
      throw new UsageError(`unknown flag ${flag}: the gateway is configured by environment variables (see --help)`);
    if (arg)
      throw new UsageError(
        `unexpected argument ${arg}: the gateway is configured by environment variables (see --help)`,
      );
    throw new UsageError(`${message.split('.')[0]} (see --help)`);
  }
}
