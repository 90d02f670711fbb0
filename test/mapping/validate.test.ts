import { serviceMappings } from '../../mappings';
import { compileMappings } from '../../src/mapping/compile';
import { ApiFailure } from '../../src/mapping/failure';

const ops = compileMappings(serviceMappings);
const PATH = { tenant: 'acme-ent', group: 'acme-hq', user: 'exec1@acme.example.com' };
const alerting = ops.find((o) => o.method === 'put' && o.mapping.path === 'services/executive/alerting/')!;
const criteriaPut = ops.find((o) => o.method === 'put' && o.mapping.path === 'services/executive/criteria/{name}/')!;
const filteringPut = ops.find((o) => o.method === 'put' && o.mapping.path === 'services/executive/filtering/')!;
const available = ops.find((o) => o.mapping.path === 'services/executive/available_assistants/')!;

function errorsOf(fn: () => unknown) {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ApiFailure);
    return (err as ApiFailure).extras.errors!;
  }
  throw new Error('expected a validation failure');
}

describe('REST validation', () => {
  it('lists every offending field with a JSON pointer', () => {
    const errors = errorsOf(() =>
      alerting.validate({
        params: PATH,
        query: {},
        body: { rolloverWaitTime: 7201, callPushRecallAfter: 1, mode: 'Loud', extra: 1, cliCustomName: '' },
      }),
    );
    expect(errors.map((e) => e.pointer).sort()).toEqual([
      '/callPushRecallAfter',
      '/cliCustomName',
      '/extra',
      '/mode',
      '/rolloverWaitTime',
    ]);
  });

  it.each([
    ['a C0 control', 'Bad\u0001name'],
    ['a lone surrogate', 'Bad\uD800name'],
    ['U+FFFE', 'Bad\uFFFEname'],
    ['a leading space', ' name'],
    ['a trailing space', 'name '],
    ['doubled spaces', 'two  spaces'],
    ['a tab', 'tab\tname'],
    ['81 characters', 'x'.repeat(81)],
  ])('refuses a token with %s', (_what, value) => {
    expect(errorsOf(() => alerting.validate({ params: PATH, query: {}, body: { cliCustomName: value } }))).toEqual([
      expect.objectContaining({ pointer: '/cliCustomName' }),
    ]);
  });

  it('accepts XML-safe Unicode, including astral characters', () => {
    expect(
      alerting.validate({ params: PATH, query: {}, body: { cliCustomNameUnicode: 'Zoë 😀 Ünïcode' } }).body,
    ).toEqual({ cliCustomNameUnicode: 'Zoë 😀 Ünïcode' });
  });

  it('refuses null where the schema has no nil, and the wrong schedule type', () => {
    const errors = errorsOf(() =>
      criteriaPut.validate({
        params: { ...PATH, name: 'A' },
        query: {},
        body: {
          filter: null,
          timeSchedule: { level: 'User', name: 'x', type: 'Holiday' },
          holidaySchedule: { level: 'Tenant', name: 'y', type: 'Time' },
        },
      }),
    );
    expect(errors.map((e) => e.pointer).sort()).toEqual(['/filter', '/holidaySchedule/type', '/timeSchedule/type']);
  });

  it('checks path parameters too (criteria name with doubled spaces)', () => {
    expect(errorsOf(() => criteriaPut.validate({ params: { ...PATH, name: 'a  b' }, query: {}, body: {} }))).toEqual([
      expect.objectContaining({ parameter: 'name' }),
    ]);
  });

  it('PUT filtering ignores extra keys in criteria items but not at the top level', () => {
    const ok = filteringPut.validate({
      params: PATH,
      query: {},
      body: { criteria: [{ name: 'A', active: true, filter: 'whatever' }] },
    });
    expect(ok.body).toEqual({ criteria: [{ name: 'A', active: true }] });
    expect(errorsOf(() => filteringPut.validate({ params: PATH, query: {}, body: { enable: true } }))).toEqual([
      expect.objectContaining({ pointer: '/enable' }),
    ]);
  });

  it('sameGroupOnly: true/1/false/0 only', () => {
    for (const v of ['true', '1', 'false', '0'])
      expect(() => available.validate({ params: PATH, query: { sameGroupOnly: v }, body: undefined })).not.toThrow();
    expect(
      errorsOf(() => available.validate({ params: PATH, query: { sameGroupOnly: 'yes' }, body: undefined })),
    ).toEqual([expect.objectContaining({ parameter: 'sameGroupOnly' })]);
  });
});
