// The OCI login of the bench programs that hold their own session (express floor, node:http
// baseline, lean gateway): AuthenticationRequest, then LoginRequest14sp4 with the signed password.
// Runs once at start-up, before anything is measured.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { parseReply, textOf } = require('../dist/src/oci/document.js');
const { unwrapEnvelope } = require('../dist/src/oci/soap.js');
const { signedPassword } = require('../dist/src/oci/login.js');

/**
 * Logs the session of `envelope` in. `envelope(commands)` builds a SOAP request of that session;
 * `send(request)` sends it and resolves to the reply's text. Throws, naming `program`, on refusal.
 */
export async function logIn(send, envelope, { program, userId = 'admin', password = 'admin-password' }) {
  const first = async (command) => parseReply(unwrapEnvelope(await send(envelope([command])))).results[0];
  const auth = await first({ type: 'AuthenticationRequest', body: { userId } });
  const nonce = auth.kind === 'data' ? textOf(auth.body, 'nonce') : undefined;
  if (!nonce) throw new Error(`${program}: AuthenticationRequest refused`);
  const login = await first({
    type: 'LoginRequest14sp4',
    body: { userId, signedPassword: signedPassword(nonce, password) },
  });
  if (login.kind !== 'data') throw new Error(`${program}: OCI login failed ${login.summaryEnglish ?? ''}`.trim());
}
