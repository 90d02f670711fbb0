import { LOGIN_COMMANDS, runLoginCommand, runLogout } from './login';
import { commandHandlers } from './commands';
import { isWriteCommand } from '../oci/command';
import { buildReplyDocument, error, Reply, ReplyStyle, success } from './replies';
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
const NOT_ASSIGNED = 4410;
/** The simulator's own code for a schema-valid command it does not implement (src/simulator/README.md). */
const NOT_IMPLEMENTED = 4998;

const warning = (type: string): Reply => ({
  kind: 'error',
  severity: 'Warning',
  code: 4600,
  text: `${type} completed with a warning`,
});

/**
 * Whether the document-level fault knobs hit this document: one with a write, or with faultOn
 * 'all' any document, logins included (an XSP without its server cannot log anyone in either).
 * Never a logout, so that a client can always close.
 */
export function faultHits(doc: RequestDocument, faults: Faults): boolean {
  const types = doc.commands.map((c) => c.type);
  if (types.includes('LogoutRequest')) return false;
  return faults.faultOn === 'all' || types.some((t) => isWriteCommand(t) && !LOGIN_COMMANDS.has(t));
}

/**
 * Runs every command of a document in order, each one even when an earlier one failed.
 * A command that needs a login on a session without one turns the whole reply into the
 * "not logged in" SOAP fault, as the XSP does.
 */
export function runDocument(doc: RequestDocument, session: OciSession, env: RunEnvironment): RunOutcome {
  const replies: { reply: Reply; echo: string }[] = [];
  let logins = 0;
  let commands = 0;
  const { faults } = env;
  const style: ReplyStyle = { prefixErrorChildren: faults.prefixErrorChildren, latin1: faults.replyEncoding !== '' };
  // rejectDocumentCode: the whole document refused with one ErrorResponse, nothing run.
  if (faults.rejectDocumentCode > 0 && doc.commands.length > 1 && session.account && faultHits(doc, faults)) {
    const code = faults.rejectDocumentCode;
    const reply =
      code === 6004
        ? error(code, VALIDATION_ERROR, 'cvc-complex-type.2.4.a: Invalid content was found in the document.')
        : error(code, 'Injected document error');
    return {
      kind: 'reply',
      xml: buildReplyDocument(doc.sessionId ?? '', [{ reply, echo: '' }], style),
      logins,
      commands,
    };
  }
  for (const cmd of doc.commands) {
    commands++;
    const type = cmd.type;
    let reply: Reply;
    const invalid = env.validator ? env.validator.validate(type, cmd.node) : undefined;
    if (type === 'LoginRequest22V5' && faults.refuseLogin22V5) {
      // What a release before R22 says: it has no such type.
      reply = error(
        6004,
        VALIDATION_ERROR,
        `cvc-elt.4.2: Cannot resolve '${type}' to a type definition for element 'command'.`,
      );
    } else if (LOGIN_COMMANDS.has(type)) {
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
      // warnCommand reaches the keep-alive too: an ErrorResponse (type Warning) from a session the
      // server still holds.
      reply = type === faults.warnCommand ? warning(type) : success();
    } else {
      const handler = commandHandlers().get(type);
      const run = () =>
        handler
          ? safeRun(() => handler({ state: env.state, account: session.account!, node: cmd.node }))
          : error(
              NOT_IMPLEMENTED,
              `Command not implemented by the simulator: ${type || '(no xsi:type)'}`,
              `${type || '(no xsi:type)'} is valid R25 but the simulator serves it neither from the schema nor by hand (src/simulator/README.md)`,
            );
      if (type === faults.warnCommand) {
        const done = faults.warnApplies ? run() : success();
        reply = done.kind === 'error' ? done : warning(type);
      } else {
        reply = run();
      }
    }
    if (reply.kind === 'error' && reply.code === NOT_ASSIGNED && faults.notAssignedCode !== NOT_ASSIGNED)
      reply = { ...reply, code: faults.notAssignedCode };
    if (session.account && !LOGIN_COMMANDS.has(type)) session.commands++;
    replies.push({ reply, echo: cmd.echo });
  }
  return { kind: 'reply', xml: buildReplyDocument(doc.sessionId ?? '', replies, style), logins, commands };
}

function safeRun(fn: () => Reply): Reply {
  try {
    return fn();
  } catch (err) {
    return error(1000, 'Internal error', (err as Error).message);
  }
}
