import type { OciElement } from '../oci/command';
import { buildDocument, DocumentCommand } from '../oci/document';

/** What a command handler returns; `echo` is added by the dispatcher. */
export type Reply =
  | { kind: 'success' }
  | { kind: 'error'; code: number; text: string; detail?: string }
  | { kind: 'data'; type: string; body: OciElement };

export const success = (): Reply => ({ kind: 'success' });

/** A BroadWorks-style error: summary and summaryEnglish are both `[Error NNNN] text`. */
export const error = (code: number, text: string, detail?: string): Reply => ({ kind: 'error', code, text, detail });

export const data = (type: string, body: OciElement): Reply => ({ kind: 'data', type, body });

function toCommand(reply: Reply, echo: string): DocumentCommand {
  switch (reply.kind) {
    case 'success':
      return { type: 'c:SuccessResponse', echo, attributes: { 'xmlns:c': 'C' }, body: {} };
    case 'error': {
      const summary = `[Error ${reply.code}] ${reply.text}`;
      const body: OciElement = { summary, summaryEnglish: summary };
      if (reply.detail !== undefined) body.detail = reply.detail;
      return { type: 'c:ErrorResponse', echo, attributes: { type: 'Error', 'xmlns:c': 'C' }, body };
    }
    case 'data':
      return { type: reply.type, echo, body: reply.body };
  }
}

// The inner reply is declared ISO-8859-1 (as real servers do) while travelling as a
// string: numeric character references keep every non-ASCII character honest.
const NON_ASCII = /\P{ASCII}/gu;
const HAS_NON_ASCII = /\P{ASCII}/u;

/** Serializes the reply document. */
export function buildReplyDocument(sessionId: string, replies: { reply: Reply; echo: string }[]): string {
  const xml = buildDocument({
    sessionId,
    encoding: 'ISO-8859-1',
    commands: replies.map((r) => toCommand(r.reply, r.echo)),
  });
  return HAS_NON_ASCII.test(xml) ? xml.replace(NON_ASCII, (ch) => `&#${ch.codePointAt(0)};`) : xml;
}

/** An OCITable with every heading, rows given as arrays in heading order. */
export function table(headings: readonly string[], rows: string[][]): OciElement {
  return {
    colHeading: [...headings],
    row: rows.map((cols) => ({ col: cols })),
  };
}
