import { HttpProblem } from './problem';

/** A parsed If-Match header: `*`, or the list of entity tags it names (weak ones flagged). */
export type IfMatch = { any: true } | { any: false; tags: { weak: boolean; opaque: string }[] };

// RFC 9110 §8.8.3: entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE, etagc = %x21 / %x23-7E / obs-text.
const ENTITY_TAG = /^\s*(W\/)?("[\x21\x23-\x7E\x80-\xFF]*")\s*(?:,|$)/;

/** Parses If-Match; undefined when absent. A malformed header is a 400, not a silent match. */
export function parseIfMatch(header: string | string[] | undefined): IfMatch | undefined {
  if (header === undefined) return undefined;
  const value = (Array.isArray(header) ? header.join(',') : header).trim();
  if (value === '*') return { any: true };
  const tags: { weak: boolean; opaque: string }[] = [];
  let rest = value;
  while (rest.length > 0) {
    const m = ENTITY_TAG.exec(rest);
    if (!m) throw invalid();
    tags.push({ weak: m[1] !== undefined, opaque: m[2] });
    rest = rest.slice(m[0].length).replace(/^[\s,]+/, '');
  }
  if (tags.length === 0) throw invalid();
  return { any: false, tags };
}

/**
 * RFC 9110 §13.1.1: If-Match uses the strong comparison, so a weak tag never matches.
 * `current` is the strong ETag of the resource's current representation.
 */
export function ifMatchHolds(cond: IfMatch, current: string): boolean {
  if (cond.any) return true;
  return cond.tags.some((t) => !t.weak && t.opaque === current);
}

/** The 412 answer: the resource changed since the client read it; nothing was written. */
export function preconditionFailed(): HttpProblem {
  return new HttpProblem(
    'precondition-failed',
    'If-Match does not match the current state; nothing was changed: read the resource again',
  );
}

function invalid(): HttpProblem {
  return new HttpProblem('invalid-if-match', 'If-Match must be * or a list of quoted entity tags');
}
