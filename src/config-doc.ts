import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeConfigVariables } from './config';

/** The markers around the generated table in docs/configuration.md. */
export const TABLE_START =
  '<!-- generated from src/config.ts by `npm run docs:config`: edit the schema, not this table -->';
export const TABLE_END = '<!-- end of the generated table -->';

/** The Markdown table of every variable: name, default ("—" for none), meaning. */
export function configurationTable(): string {
  const rows = describeConfigVariables().map(
    (v) => `| \`${v.name}\` | ${v.default === '' ? '—' : `\`${v.default}\``} | ${v.meaning} |`,
  );
  return ['| Variable | Default | Meaning |', '|---|---|---|', ...rows].join('\n');
}

/** `doc` with the text between the markers replaced by the current table. */
export function withCurrentTable(doc: string): string {
  const start = doc.indexOf(TABLE_START);
  const end = doc.indexOf(TABLE_END);
  if (start < 0 || end < start)
    throw new Error(`the configuration doc lacks the markers ${TABLE_START} … ${TABLE_END}`);
  return `${doc.slice(0, start + TABLE_START.length)}\n${configurationTable()}\n${doc.slice(end)}`;
}

/** npm run docs:config — rewrites the table of docs/configuration.md from the schema. */
if (require.main === module) {
  const file = join(process.cwd(), 'docs', 'configuration.md');
  const doc = readFileSync(file, 'utf8');
  const next = withCurrentTable(doc);
  if (next !== doc) writeFileSync(file, next);
  process.stdout.write(`${file}: ${next === doc ? 'already current' : 'table rewritten'}\n`);
}
