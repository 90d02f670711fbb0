import { createHash } from 'node:crypto';
import type { OciCommand, OciResult } from './command';
import { textOf } from './document';
import { isEncrypted } from './endpoint-url';
import { OciError } from './errors';
import type { OciLoginInfo } from './executor';
import { VALIDATION_ERROR_CODE } from './outcome';

export type LoginMode = 'auto' | '22V5' | '14sp4';
export type LoginFlow = '22V5' | '14sp4';

/** md5(nonce + ":" + sha1hex(password)), lowercase hex: the signed password of LoginRequest14sp4. */
export function signedPassword(nonce: string, password: string): string {
  const sha1 = createHash('sha1').update(password, 'utf8').digest('hex');
  return createHash('md5').update(`${nonce}:${sha1}`, 'utf8').digest('hex');
}

/**
 * Picks the login flow for a backend URL: auto means the plain-password LoginRequest22V5
 * over an encrypted transport only (https://, tls://), the signed-password two-step flow
 * over http:// and tcp://. A plain password over an unencrypted one is refused unless
 * explicitly allowed.
 */
export function chooseLoginFlow(url: string, mode: LoginMode, allowPlainOverHttp: boolean): LoginFlow {
  const encrypted = isEncrypted(url);
  const flow: LoginFlow = mode === 'auto' ? (encrypted ? '22V5' : '14sp4') : mode;
  if (flow === '22V5' && !encrypted && !allowPlainOverHttp) {
    throw new Error(
      `refusing to send a plain password unencrypted to ${url} (set allowPlainPasswordOverHttp to override)`,
    );
  }
  return flow;
}

/** Runs one or more commands on the session being logged in and returns their results. */
export type LoginExchange = (commands: OciCommand[]) => Promise<OciResult[]>;

function expectOne(results: OciResult[], step: string): OciResult {
  const r = results[0];
  if (results.length !== 1 || !r)
    throw new OciError('bad-reply', `${step}: expected one result, got ${results.length}`, { sent: true });
  if (r.kind === 'error')
    throw new OciError('login-failed', `${step} refused: ${r.summaryEnglish || r.summary}`, {
      sent: true,
      answered: true,
      backend: { code: r.code, summary: r.summaryEnglish || r.summary, detail: r.detail },
    });
  return r;
}

// How a release without LoginRequest22V5 refuses it: a validation error, or an unknown command.
const UNKNOWN_COMMAND =
  /unknown (command|request)|not (a )?(known|valid|supported) (command|request)|cannot resolve|LoginRequest22V5/i;

/** True when a login failed because the server does not know LoginRequest22V5 (not for a bad password). */
export function isLoginCommandUnknown(err: unknown): boolean {
  if (!(err instanceof OciError) || err.kind !== 'login-failed' || !err.backend) return false;
  const { code, summary, detail } = err.backend;
  return code === VALIDATION_ERROR_CODE || UNKNOWN_COMMAND.test(`${summary}\n${detail ?? ''}`);
}

/** Logs a session in as `userId`; wrong credentials → OciError('login-failed'). */
export async function loginSession(
  exchange: LoginExchange,
  flow: LoginFlow,
  userId: string,
  password: string,
): Promise<OciLoginInfo> {
  let r: OciResult;
  if (flow === '22V5') {
    r = expectOne(await exchange([{ type: 'LoginRequest22V5', body: { userId, password } }]), 'LoginRequest22V5');
  } else {
    const auth = expectOne(
      await exchange([{ type: 'AuthenticationRequest', body: { userId } }]),
      'AuthenticationRequest',
    );
    const nonce = auth.kind === 'data' ? textOf(auth.body, 'nonce') : undefined;
    if (!nonce) throw new OciError('bad-reply', 'AuthenticationResponse without a nonce', { sent: true });
    r = expectOne(
      await exchange([
        { type: 'LoginRequest14sp4', body: { userId, signedPassword: signedPassword(nonce, password) } },
      ]),
      'LoginRequest14sp4',
    );
  }
  if (r.kind !== 'data') throw new OciError('bad-reply', 'login answered without a LoginResponse', { sent: true });
  const b = r.body;
  return {
    userId,
    loginType: textOf(b, 'loginType') ?? '',
    serviceProviderId: textOf(b, 'serviceProviderId') ?? undefined,
    groupId: textOf(b, 'groupId') ?? undefined,
    isEnterprise: textOf(b, 'isEnterprise') === 'true',
    resellerId: textOf(b, 'resellerId') ?? undefined,
  };
}

/** The LogoutRequest of a session. */
export function logoutCommand(userId: string): OciCommand {
  return { type: 'LogoutRequest', body: { userId, reason: 'Client Logout' } };
}

/** The cheap keep-alive / health probe. */
export const VERIFY_SESSION: OciCommand = { type: 'VerifySessionIsValidRequest', body: {} };
