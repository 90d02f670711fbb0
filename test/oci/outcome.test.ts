import type { OciResult } from '../../src/oci/command';
import { OciError } from '../../src/oci/errors';
import { isLoginCommandUnknown } from '../../src/oci/login';
import { classifyReply, type DocumentReply } from '../../src/oci/outcome';

/** The one classification of a document's reply, rule by rule (docs/reliability.md). */

const fault = (faultstring: string, detail?: string): DocumentReply => ({
  fault: new OciError('soap-fault', `SOAP fault: ${faultstring}`, {
    sent: true,
    answered: true,
    backend: { summary: faultstring, detail },
  }),
});
const err = (summary: string, code?: number, detail?: string): OciResult => ({
  kind: 'error',
  severity: 'Error',
  code,
  summary,
  summaryEnglish: summary,
  detail,
});
const ok: OciResult = { kind: 'success' };

function verdict(reply: DocumentReply, sent: number, hasWrite: boolean) {
  try {
    return { results: classifyReply(reply, sent, hasWrite).length };
  } catch (e) {
    const x = e as OciError;
    return { kind: x.kind, answered: x.answered, link: x.link, code: x.backend?.code };
  }
}

describe('classifyReply: first match wins', () => {
  it.each([
    // 1. session and link signals, as SOAP fault or inside an ErrorResponse
    [
      'not logged in (fault), write',
      fault('INVALID_REQUEST', 'Cannot process any request before user is logged in.'),
      1,
      true,
      { kind: 'session-lost', answered: true, link: false },
    ],
    [
      'not logged in (ErrorResponse), read',
      { results: [err('Cannot process any request before user is logged in.')] },
      1,
      false,
      { kind: 'session-lost', answered: true, link: false },
    ],
    [
      'not logged in next to a success: part ran',
      { results: [ok, err('x', undefined, 'before user is logged in')] },
      2,
      true,
      { kind: 'outcome-unknown', answered: false, link: true },
    ],
    [
      'NO_OCS_CONNECTION fault, write',
      fault('NO_OCS_CONNECTION', 'lost'),
      2,
      true,
      { kind: 'outcome-unknown', answered: false, link: true },
    ],
    [
      'NO_OCS_CONNECTION fault, read',
      fault('NO_OCS_CONNECTION'),
      1,
      false,
      { kind: 'link-lost', answered: false, link: true },
    ],
    [
      'INVALID_REQUEST other detail, write',
      fault('INVALID_REQUEST', 'could not forward'),
      1,
      true,
      { kind: 'outcome-unknown', answered: false, link: true },
    ],
    [
      'NO_OCS_CONNECTION in ErrorResponse summary, write',
      { results: [err('NO_OCS_CONNECTION')] },
      2,
      true,
      { kind: 'outcome-unknown', answered: false, link: true },
    ],
    [
      'INVALID_REQUEST in ErrorResponse detail, read',
      { results: [err('[Error 1] x', 1, 'INVALID_REQUEST')] },
      1,
      false,
      { kind: 'link-lost', answered: false, link: true },
    ],
    // 2. other SOAP faults
    [
      'server fault, write',
      fault('java.lang.NullPointerException'),
      1,
      true,
      { kind: 'outcome-unknown', answered: true, link: false },
    ],
    [
      'server fault, read',
      fault('java.lang.NullPointerException'),
      1,
      false,
      { kind: 'backend-error', answered: true, link: false },
    ],
    // 3. one ErrorResponse for a document of several commands
    [
      'lone 6004, write',
      { results: [err('[Error 6004] OCI XML Request validation error', 6004)] },
      2,
      true,
      { kind: 'document-rejected', answered: true, link: false, code: 6004 },
    ],
    [
      'lone 6004, read',
      { results: [err('[Error 6004] OCI XML Request validation error', 6004)] },
      3,
      false,
      { kind: 'document-rejected', answered: true, link: false, code: 6004 },
    ],
    [
      'lone other code, write',
      { results: [err('[Error 7001] x', 7001)] },
      2,
      true,
      { kind: 'outcome-unknown', answered: true, link: false, code: 7001 },
    ],
    [
      'lone other code, read',
      { results: [err('[Error 7001] x', 7001)] },
      2,
      false,
      { kind: 'backend-error', answered: true, link: false, code: 7001 },
    ],
    ['other count mismatch', { results: [ok, ok, ok] }, 2, true, { kind: 'bad-reply', answered: false, link: false }],
  ] as const)('%s', (_name, reply, sent, hasWrite, expected) => {
    expect(verdict(reply as DocumentReply, sent, hasWrite)).toEqual({ code: undefined, ...expected });
  });

  it('4. per-command results pass through, one per command (a 6004 on a one-command document is per-command)', () => {
    expect(verdict({ results: [err('[Error 6004] x', 6004)] }, 1, true)).toEqual({ results: 1 });
    expect(verdict({ results: [ok, err('[Error 4410] x', 4410)] }, 2, true)).toEqual({ results: 2 });
  });
});

describe('isLoginCommandUnknown: when OCI_LOGIN=auto falls back to the 14sp4 login', () => {
  const refused = (code: number | undefined, summary: string, detail?: string) =>
    new OciError('login-failed', summary, { sent: true, answered: true, backend: { code, summary, detail } });
  it.each([
    [refused(6004, '[Error 6004] OCI XML Request validation error'), true],
    [refused(undefined, 'Unknown command: LoginRequest22V5'), true],
    [refused(4001, '[Error 4001] Request not supported'), false],
    [refused(4962, '[Error 4962] Invalid password'), false],
    [refused(5202, '[Error 5202] Account is disabled.'), false],
    [new OciError('unavailable', 'cannot connect'), false],
  ])('%s → %s', (err, expected) => {
    expect(isLoginCommandUnknown(err)).toBe(expected);
  });
});
