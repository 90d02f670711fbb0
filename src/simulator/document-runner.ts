import { LOGIN_COMMANDS, runLoginCommand, runLogout } from './login';
import { HANDLERS } from './commands';
import { buildReplyDocument, error, Reply, success } from './replies';
import type { RequestDocument } from './request-document';
import type { OciSession } from './sessions';
import type { SimState } from './state';
import type { Faults } from './types';
import type { CommandValidator } from './xsd-validator';

export interface RunEnvironment {
  state: SimState;
  faults: Faults;
  /** Null when validation is off. */
  validator: CommandValidator | null;
  random: () => number;
}

export type RunOutcome =
  | { kind: 'reply'; xml: string; logins: number; commands: number }
  | { kind: 'not-logged-in'; logins: number; commands: number };

const VALIDATION_ERROR = 'OCI XML Request validation error';

/**
 * Runs every command of a document in order, each one even when an earlier one failed.
 * A command that needs a login on a session without one turns the whole reply into the
 * "not logged in" SOAP fault, as the XSP does.
 */
export function runDocument(doc: RequestDocument, session: OciSession, env: RunEnvironment): RunOutcome {
  const replies: { reply: Reply; echo: string }[] = [];
  let logins = 0;
  let commands = 0;
  for (const cmd of doc.commands) {
    commands++;
    const type = cmd.type;
    let reply: Reply;
    const invalid = env.validator ? env.validator.validate(type, cmd.node) : undefined;
    if (LOGIN_COMMANDS.has(type)) {
      reply =
        invalid !== undefined
          ? error(6004, VALIDATION_ERROR, invalid)
          : runLoginCommand(type, cmd.node, session, env.state);
      if (reply.kind === 'data' && type !== 'AuthenticationRequest') logins++;
    } else if (!session.account) {
      return { kind: 'not-logged-in', logins, commands };
    } else if (invalid !== undefined) {
      reply = error(6004, VALIDATION_ERROR, invalid);
    } else if (env.faults.errorRate > 0 && env.random() < env.faults.errorRate) {
      reply = error(9999, 'Injected error');
    } else if (type === 'LogoutRequest') {
      reply = runLogout(session);
    } else if (type === 'VerifySessionIsValidRequest') {
      reply = success();
    } else {
      const handler = HANDLERS.get(type);
      reply = handler
        ? safeRun(() => handler({ state: env.state, account: session.account!, node: cmd.node }))
        : error(6004, VALIDATION_ERROR, `${type || '(no xsi:type)'} is not a command this server knows`);
    }
    if (session.account && !LOGIN_COMMANDS.has(type)) session.commands++;
    replies.push({ reply, echo: cmd.echo });
  }
  return { kind: 'reply', xml: buildReplyDocument(doc.sessionId ?? '', replies), logins, commands };
}

function safeRun(fn: () => Reply): Reply {
  try {
    return fn();
  } catch (err) {
    return error(1000, 'Internal error', (err as Error).message);
  }
}
