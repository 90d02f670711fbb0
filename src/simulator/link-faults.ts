import { buildReplyDocument, error, type ReplyStyle } from './replies';
import { soapFault, soapReply } from './soap';
import type { Faults } from './types';

/**
 * What an XSP says after it ran (or forwarded) a document and then lost its way: its link to
 * the application server (NO_OCS_CONNECTION), another INVALID_REQUEST than "not logged in",
 * or a server exception. Link signals come as a SOAP fault or inside one ErrorResponse.
 */
export function afterExecuteReply(
  faults: Faults,
  sessionId: string,
  style: ReplyStyle,
): { status: number; body: string } {
  switch (faults.faultAfterExecute) {
    case 'server-fault':
      return {
        status: 500,
        body: soapFault(
          'soapenv:Server',
          'java.lang.NullPointerException',
          'An internal error occurred while processing the request.',
        ),
      };
    case 'no-ocs-connection':
    case 'invalid-request': {
      const [signal, detail] =
        faults.faultAfterExecute === 'no-ocs-connection'
          ? ['NO_OCS_CONNECTION', 'The connection to the Open Client Server was lost.']
          : ['INVALID_REQUEST', 'The request could not be forwarded to the application server.'];
      if (faults.faultForm === 'soap-fault')
        return { status: 500, body: soapFault('soapenv:Server.generalException', signal, detail) };
      const reply = error(undefined, signal, detail);
      return { status: 200, body: soapReply(buildReplyDocument(sessionId, [{ reply, echo: '' }], style)) };
    }
    default:
      throw new Error(`no after-execute fault '${faults.faultAfterExecute}'`);
  }
}
