import { createHash } from 'node:crypto';
import type { OciElement } from '../oci/command';
import { data, error, Reply, success } from './replies';
import { req, textOf, XNode } from './request-document';
import type { Account, OciSession } from './sessions';
import type { SimState } from './state';

/** Commands a session may send before it is logged in. */
export const LOGIN_COMMANDS = new Set(['AuthenticationRequest', 'LoginRequest14sp4', 'LoginRequest22V5']);

/** md5(nonce + ":" + sha1hex(password)), lowercase hex: what clients send as signedPassword. */
export function signPassword(nonce: string, password: string): string {
  const sha1 = createHash('sha1').update(password, 'utf8').digest('hex');
  return createHash('md5').update(`${nonce}:${sha1}`, 'utf8').digest('hex');
}

interface Credentials {
  account: Account;
  password: string;
}

function credentials(state: SimState, userId: string): Credentials | undefined {
  const admin = state.admin(userId);
  if (admin) {
    const { password, ...rest } = admin;
    return { account: rest, password };
  }
  const user = state.user(userId);
  if (!user) return undefined;
  return {
    account: { userId, loginType: 'User', serviceProviderId: user.serviceProviderId, groupId: user.groupId },
    password: user.password,
  };
}

const INVALID_PASSWORD = (): Reply => error(4962, 'Invalid password');

function loginBody(state: SimState, a: Account, v22: boolean): OciElement {
  const sp = state.serviceProvider(a.serviceProviderId);
  // LoginType of 14sp4 predates resellers: a reseller admin shows as Provisioning there.
  const loginType = !v22 && a.loginType === 'Reseller' ? 'Provisioning' : a.loginType;
  const body: OciElement = { loginType, locale: 'en_US', encoding: 'ISO-8859-1' };
  if (a.groupId) body.groupId = a.groupId;
  if (a.serviceProviderId) body.serviceProviderId = a.serviceProviderId;
  body.isEnterprise = String(sp?.isEnterprise ?? false);
  body.passwordExpiresDays = '2147483647';
  body.userDomain = sp?.domain ?? state.data.system.domain;
  if (v22) {
    const resellerId = a.resellerId ?? sp?.resellerId;
    if (resellerId) body.resellerId = resellerId;
  }
  return body;
}

/** Runs a login-family command on the session. */
export function runLoginCommand(type: string, node: XNode, session: OciSession, state: SimState): Reply {
  const userId = req(node, 'userId');
  switch (type) {
    case 'AuthenticationRequest': {
      // A nonce is handed out for any userId, so that probing reveals nothing.
      session.nonce = sessionNonce();
      session.nonceUserId = userId;
      return data('AuthenticationResponse', { userId, nonce: session.nonce, passwordAlgorithm: 'MD5' });
    }
    case 'LoginRequest14sp4': {
      const cred = credentials(state, userId);
      const signed = textOf(node, 'signedPassword');
      const plain = textOf(node, 'plainTextPassword');
      let ok = false;
      if (cred && signed && session.nonce && session.nonceUserId === userId)
        ok = signed.toLowerCase() === signPassword(session.nonce, cred.password);
      else if (cred && plain) ok = plain === cred.password;
      session.nonce = undefined; // one nonce, one attempt
      if (!ok || !cred) return INVALID_PASSWORD();
      session.account = cred.account;
      session.commands = 0;
      return data('LoginResponse14sp4', loginBody(state, cred.account, false));
    }
    case 'LoginRequest22V5': {
      const cred = credentials(state, userId);
      const password = textOf(node, 'password');
      if (!cred || !password || password !== cred.password) return INVALID_PASSWORD();
      session.account = cred.account;
      session.commands = 0;
      return data('LoginResponse22V5', loginBody(state, cred.account, true));
    }
    default:
      return error(6004, 'OCI XML Request validation error', `${type} is not a login command`);
  }
}

/** LogoutRequest: the session forgets its login. */
export function runLogout(session: OciSession): Reply {
  session.account = undefined;
  return success();
}

let nonceSeq = 0;
function sessionNonce(): string {
  nonceSeq = (nonceSeq + 1) % 1000;
  return String(Date.now() * 1000 + nonceSeq);
}
