import type { ReplyMode } from './types';

/** Size of the 'oversized' reply: far above any sane client limit. */
export const OVERSIZED_BYTES = 12 * 1024 * 1024;

/** The reply with a DOCTYPE declaring an entity after its XML declaration: a parser must refuse it. */
export function withDoctype(reply: string): string {
  return reply.replace(/^(<\?xml[^>]*\?>)/, '$1<!DOCTYPE lol [<!ENTITY lol "lol">]>');
}

/** A deliberately broken HTTP reply body and its content type, for reliability tests. */
export function brokenReply(
  mode: Exclude<ReplyMode, 'normal'>,
  goodReply: string,
): { contentType: string; body: string } {
  switch (mode) {
    case 'malformed':
      // Cut mid-element: not well-formed XML.
      return { contentType: 'text/xml; charset=utf-8', body: goodReply.slice(0, Math.floor(goodReply.length / 2)) };
    case 'doctype':
      return {
        contentType: 'text/xml; charset=utf-8',
        body: withDoctype(goodReply),
      };
    case 'oversized':
      // Still well-formed: the padding is a comment, so only a size limit can refuse it.
      return { contentType: 'text/xml; charset=utf-8', body: goodReply + `<!--${' '.repeat(OVERSIZED_BYTES)}-->` };
    case 'html':
      return {
        contentType: 'text/html; charset=utf-8',
        body: '<html><head><title>Service Unavailable</title></head><body><h1>Service Unavailable</h1></body></html>',
      };
  }
}
