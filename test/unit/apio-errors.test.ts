import { apioErrors, shownOciError } from '../../src/http/apio-errors';

/** The envelope's rules on cases a client cannot provoke over HTTP (the HTTP cases: test/contract/apio-errors.test.ts). */
describe("APIO's errors envelope", () => {
  it('a BroadWorks error without a code shown to a system caller: details hold the summary, no error_code', () => {
    expect(apioErrors('BroadWorks refused a read', undefined, { summary: 'no code here' })).toEqual([
      { message: 'BroadWorks refused a read', details: { errors: [{ summary: 'no code here' }] } },
    ]);
  });

  it('an empty list of field errors is no list: the detail is the one item', () => {
    expect(apioErrors('what happened', [])).toEqual([{ message: 'what happened' }]);
  });

  it('only the first of several field errors carries details, and the given items are not changed', () => {
    const fields = [
      { pointer: '/a', message: 'first' },
      { parameter: 'b', message: 'second' },
    ];
    const errors = apioErrors('detail', fields, { code: 4008 });
    expect(errors).toEqual([
      { pointer: '/a', message: 'first', details: { errors: [{ error_code: 4008 }] } },
      { parameter: 'b', message: 'second' },
    ]);
    expect(fields[0]).not.toHaveProperty('details');
  });

  it('an ociError that shows nothing is not answered, so no details either', () => {
    expect(shownOciError({})).toBeUndefined();
    expect(shownOciError({ code: undefined })).toBeUndefined();
    expect(shownOciError({ code: 0 })).toEqual({ code: 0 });
  });
});
