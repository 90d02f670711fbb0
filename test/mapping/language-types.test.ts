import { execFileSync } from 'node:child_process';
import { compileCommand } from '../../src/mapping/build-commands';
import { kind, settingsResource, type Field } from '../../src/mapping/define';
import type { CommandSpec, Condition, ElementSpec } from '../../src/mapping/types';
import { doNotDisturb } from '../fixtures-mappings/do-not-disturb';

/**
 * Mistakes in a mapping are compile errors: every `@ts-expect-error` below must see one, or
 * `npm run typecheck` (the first step of `npm test`) fails with "Unused '@ts-expect-error'".
 */

const texts = { operationId: 'x', summary: 'x' };
type DndFields = Readonly<Record<string, Field<'UserDoNotDisturbGetRequest', 'UserDoNotDisturbModifyRequest'>>>;
const dnd = (fields: DndFields) =>
  settingsResource({
    name: 'x',
    tag: 'x',
    path: 'x/',
    get: 'UserDoNotDisturbGetRequest',
    modify: 'UserDoNotDisturbModifyRequest',
    fields,
    getOperation: { ...texts, example: {} },
    putOperation: { ...texts, requestExample: {}, responseExample: {} },
  });

describe('the mapping language refuses mistakes at compile time', () => {
  it('accepts a correct declaration and derives schemas, elements and answer from it', () => {
    const m = dnd({ active: { el: 'isActive', kind: kind.boolean } });
    const put = m.operations[1];
    expect(put.body?.safeParse({ active: true }).success).toBe(true);
    expect(put.body?.safeParse({ actve: true }).success).toBe(false);
    expect(put.documents[0][0].fields).toEqual([
      { el: 'userId', from: 'path.user' },
      { el: 'isActive', from: 'body.active', transform: 'boolean' },
    ]);
  });

  it('refuses a misspelt OCI element, command, kind or transform', () => {
    // Each line is refused twice: by the compiler (the directive) and, for mappings built
    // where no type checker looked, at start-up (the toThrow).
    // @ts-expect-error misspelt element of UserDoNotDisturbModifyRequest
    expect(() => dnd({ active: { el: 'isActve', kind: kind.boolean } })).toThrow(/isActve/);
    // @ts-expect-error an element of another command
    expect(() => dnd({ active: { el: 'enableScreening', kind: kind.boolean } })).toThrow(/enableScreening/);
    // @ts-expect-error isDoNotDisturbSync cannot be read back (not in the Get response), so not `both`
    expect(() => dnd({ sync: { el: 'isDoNotDisturbSync', kind: kind.boolean } })).toThrow(/not read/);
    expect(() => dnd({ sync: { el: 'isDoNotDisturbSync', kind: kind.boolean, dir: 'write' } })).not.toThrow();
    // @ts-expect-error misspelt kind
    // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- the misspelt kind is the point of the line
    expect(() => dnd({ active: { el: 'isActive', kind: kind.boolen } })).toThrow(/no kind/);
    // @ts-expect-error misspelt transform in the engine vocabulary
    const t: ElementSpec = { el: 'isActive', from: 'body.active', transform: 'bolean' };
    expect(() => compileCommand({ type: 'UserDoNotDisturbModifyRequest', fields: [t] } as CommandSpec)).toThrow(
      /unknown transform "bolean"/,
    );
    // @ts-expect-error misspelt command
    const c: CommandSpec = { type: 'UserDoNotDisturbGetRequset', fields: [] };
    // @ts-expect-error element not in the command's XSD
    const e: CommandSpec = { type: 'UserDoNotDisturbGetRequest', fields: [{ el: 'user', from: 'path.user' }] };
    // @ts-expect-error a source must start with path., query., body., var., row. or .
    const s: Condition = { present: 'bdy.active' };
    // Commands and conditions are data: their run-time guard is the XSD check and compileSource.
    expect([c.type, e.fields[0].el, s.present]).toEqual(['UserDoNotDisturbGetRequset', 'user', 'bdy.active']);
  });

  it('sends elements in XSD order whatever the declaration order', () => {
    const m = dnd({
      ringSplash: { el: 'ringSplash', kind: kind.boolean },
      active: { el: 'isActive', kind: kind.boolean },
    });
    expect(m.operations[1].documents[0][0].fields.map((f) => f.el)).toEqual(['userId', 'isActive', 'ringSplash']);
  });

  it('the do-not-disturb test mapping is written in the language', () => {
    expect(doNotDisturb.operations.map((o) => o.operationId)).toEqual(['getDoNotDisturb', 'updateDoNotDisturb']);
  });
});

describe('generated OCI element types', () => {
  it('are current with fixtures/schema (node scripts/gen-oci-types.mjs --check)', () => {
    expect(() =>
      execFileSync(process.execPath, ['scripts/gen-oci-types.mjs', '--check'], { stdio: 'pipe' }),
    ).not.toThrow();
  });
});
