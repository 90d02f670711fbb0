/**
 * Finds the body field a BroadWorks error is about: the JSON pointer of the first string
 * value (3+ characters) the error summary quotes, e.g. an unknown assistant's user id.
 */
export function findPointer(body: unknown, summary: string, path = ''): string | undefined {
  if (typeof body === 'string') return body.length >= 3 && summary.includes(body) ? path : undefined;
  if (Array.isArray(body)) {
    for (let i = 0; i < body.length; i++) {
      const p = findPointer(body[i], summary, `${path}/${i}`);
      if (p !== undefined) return p;
    }
    return undefined;
  }
  if (body && typeof body === 'object') {
    for (const [k, v] of Object.entries(body)) {
      const p = findPointer(v, summary, `${path}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`);
      if (p !== undefined) return p;
    }
  }
  return undefined;
}
