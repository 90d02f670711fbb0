import type { OciElement } from '../oci/command';
import { buildDocument, DocumentCommand } from '../oci/document';

/** What a command handler returns; `echo` is added by the dispatcher. */
export type Reply =
  | { kind: 'success' }
  /** `code` undefined: a summary without the `[Error NNNN]` prefix. */
  | { kind: 'error'; code?: number; text: string; detail?: string; severity?: 'Error' | 'Warning' | 'Info' }
  | { kind: 'data'; type: string; body: OciElement };

export const success = (): Reply => ({ kind: 'success' });

/** A BroadWorks-style error: summary and summaryEnglish are both `[Error NNNN] text`. */
export const error = (code: number | undefined, text: string, detail?: string): Reply => ({
  kind: 'error',
  code,
  text,
  detail,
});

export const data = (type: string, body: OciElement): Reply => ({ kind: 'data', type, body });

/** How a reply document is written (fault knobs). */
export interface ReplyStyle {
  /** ErrorResponse children as `<c:summary>`. */
  prefixErrorChildren?: boolean;
  /** Keep ISO-8859-1 characters raw (the envelope goes out in ISO-8859-1 bytes). */
  latin1?: boolean;
}

function toCommand(reply: Reply, echo: string, style: ReplyStyle): DocumentCommand {
  switch (reply.kind) {
    case 'success':
      return { type: 'c:SuccessResponse', echo, attributes: { 'xmlns:c': 'C' }, body: {} };
    case 'error': {
      const severity = reply.severity ?? 'Error';
      const summary = reply.code === undefined ? reply.text : `[${severity} ${reply.code}] ${reply.text}`;
      const p = style.prefixErrorChildren ? 'c:' : '';
      const body: OciElement = { [`${p}summary`]: summary, [`${p}summaryEnglish`]: summary };
      if (reply.detail !== undefined) body[`${p}detail`] = reply.detail;
      return { type: 'c:ErrorResponse', echo, attributes: { type: severity, 'xmlns:c': 'C' }, body };
    }
    case 'data':
      return { type: reply.type, echo, body: reply.body };
  }
}

// The inner reply is declared ISO-8859-1 (as real servers do) while travelling as a
// string: numeric character references keep every non-ASCII character honest.
const NON_ASCII = /\P{ASCII}/gu;
const HAS_NON_ASCII = /\P{ASCII}/u;
const NON_LATIN1 = /[\u0100-\u{10FFFF}]/gu;

/** Serializes the reply document. */
export function buildReplyDocument(
  sessionId: string,
  replies: { reply: Reply; echo: string }[],
  style: ReplyStyle = {},
): string {
  const xml = buildDocument({
    sessionId,
    encoding: 'ISO-8859-1',
    commands: replies.map((r) => toCommand(r.reply, r.echo, style)),
  });
  if (!HAS_NON_ASCII.test(xml)) return xml;
  return xml.replace(style.latin1 ? NON_LATIN1 : NON_ASCII, (ch) => `&#${ch.codePointAt(0)};`);
}

/** An OCITable with every heading, rows given as arrays in heading order. */
export function table(headings: readonly string[], rows: string[][]): OciElement {
  return {
    colHeading: [...headings],
    row: rows.map((cols) => ({ col: cols })),
  };
}
