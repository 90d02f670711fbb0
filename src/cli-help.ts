import { describeConfigVariables, type ConfigVariable } from './config';

export type { ConfigVariable } from './config';

/** Every variable of src/config.ts with its default and description (the schema is the source). */
export const CONFIG_VARIABLES: readonly ConfigVariable[] = describeConfigVariables();

function table(): string {
  const width = Math.max(...CONFIG_VARIABLES.map((v) => v.name.length));
  return CONFIG_VARIABLES.map(
    (v) => `  ${v.name.padEnd(width)}  ${v.meaning}${v.default ? ` [default: ${v.default}]` : ''}`,
  ).join('\n');
}

/** What `--help` prints. */
export const HELP_TEXT = `OCI REST gateway: the BroadWorks Executive REST API over OCI-P.

Usage:
  node dist/src/main.js [--help]

Configuration is read from environment variables only:
${table()}

Without OCI_URL the gateway starts its built-in simulator and prints demo tokens.
Endpoints without a token: /healthz, /readyz, /metrics, /openapi.json, /docs/.
See docs/configuration.md and docs/operations.md.
`;

/** Prints HELP_TEXT when argv has --help or -h; returns true then (the caller exits 0). */
export function handleHelpFlag(
  argv: readonly string[],
  out: (text: string) => void = (t) => process.stdout.write(t),
): boolean {
  if (!argv.includes('--help') && !argv.includes('-h')) return false;
  out(HELP_TEXT);
  return true;
}
