import { settingsCatalogue } from './catalogue';

/**
 * Prints the settings pairs the simulator serves from the schema and those it leaves out, with
 * the reason (the list in src/simulator/README.md):
 *   node -r ./test/ops/helpers/swc-register.js src/simulator/settings/report.ts
 */
const c = settingsCatalogue();
const lines = [
  `${c.pairs.length} Get/Modify pairs served from the schema, ${c.leftOut.length} left out.`,
  '',
  '| service | Get | Modify |',
  '|---|---|---|',
  ...c.pairs.map((p) => `| ${p.service ?? `${p.key} (not a UserService)`} | ${p.get} | ${p.modify} |`),
  '',
  '| left out | why |',
  '|---|---|',
  ...c.leftOut.map((l) => `| ${l.key} | ${l.reason} |`),
];
process.stdout.write(`${lines.join('\n')}\n`);
