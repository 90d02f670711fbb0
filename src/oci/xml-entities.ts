/** What one reader may still decode: shared by every call for one document. */
export interface ReferenceBudget {
  left: number;
}

/**
 * The one XML reference decoder: the five predefined entities and numeric character references.
 * Returns undefined for anything else (another entity, a stray `&`, a control character, a
 * surrogate or non-character, an exhausted budget); callers then take the safe parser, which
 * is the reference for what such text means.
 */
export function decodeXmlReferences(raw: string, budget?: ReferenceBudget): string | undefined {
  let amp = raw.indexOf('&');
  if (amp < 0) return raw;
  let out = '';
  let from = 0;
  while (amp >= 0) {
    const semi = raw.indexOf(';', amp);
    if (semi < 0 || semi - amp > 10) return undefined;
    const ref = raw.slice(amp + 1, semi);
    let ch: string | undefined;
    if (ref === 'lt') ch = '<';
    else if (ref === 'gt') ch = '>';
    else if (ref === 'amp') ch = '&';
    else if (ref === 'quot') ch = '"';
    else if (ref === 'apos') ch = "'";
    else ch = numeric(ref);
    if (ch === undefined) return undefined;
    if (budget && --budget.left < 0) return undefined;
    out += raw.slice(from, amp) + ch;
    from = semi + 1;
    amp = raw.indexOf('&', from);
  }
  return out + raw.slice(from);
}

function numeric(ref: string): string | undefined {
  let cp: number;
  if (/^#[0-9]{1,7}$/.test(ref)) cp = Number(ref.slice(1));
  else if (/^#x[0-9a-fA-F]{1,6}$/.test(ref)) cp = parseInt(ref.slice(2), 16);
  else return undefined;
  // Control characters, surrogates and non-characters: not worth matching the safe parser on.
  if (cp < 0x20 && cp !== 0x09 && cp !== 0x0a) return undefined;
  if ((cp >= 0xd800 && cp <= 0xdfff) || cp === 0xfffe || cp === 0xffff || cp > 0x10ffff) return undefined;
  return String.fromCodePoint(cp);
}
