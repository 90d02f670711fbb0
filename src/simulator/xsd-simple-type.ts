import { local, XsdDefinitions, XsdNode } from './xsd-schema';
import { collapseXmlWhitespace, replaceXmlWhitespace } from './xsd-whitespace';

/** A compiled simple type: returns a Xerces-style message when the text is invalid. */
export type SimpleCheck = (text: string) => string | undefined;

export type WhiteSpace = 'preserve' | 'replace' | 'collapse';

export interface Facets {
  builtin: string;
  whiteSpace: WhiteSpace;
  enumeration?: string[];
  minLength?: number;
  maxLength?: number;
  length?: number;
  minInclusive?: number;
  maxInclusive?: number;
  minExclusive?: number;
  maxExclusive?: number;
  patterns: RegExp[];
}

const INT_RANGES: Record<string, [number, number]> = {
  int: [-2147483648, 2147483647],
  short: [-32768, 32767],
  byte: [-128, 127],
  unsignedInt: [0, 4294967295],
  unsignedShort: [0, 65535],
  nonNegativeInteger: [0, Number.MAX_SAFE_INTEGER],
  positiveInteger: [1, Number.MAX_SAFE_INTEGER],
  long: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  integer: [-Infinity, Infinity],
};
const NUMERIC = new Set([...Object.keys(INT_RANGES), 'decimal', 'float', 'double']);

function builtinWhiteSpace(builtin: string): WhiteSpace {
  if (builtin === 'string') return 'preserve';
  if (builtin === 'normalizedString') return 'replace';
  return 'collapse';
}

/** The text as its type's whiteSpace facet normalises it. */
export function normalize(text: string, ws: WhiteSpace): string {
  if (ws === 'preserve') return text;
  return ws === 'replace' ? replaceXmlWhitespace(text) : collapseXmlWhitespace(text);
}

/** Collects the facets of a restriction chain, most derived first (derived facets win). */
function facetsOf(defs: XsdDefinitions, typeName: string, node: XsdNode | undefined, seen = 0): Facets {
  if (!node) return { builtin: typeName, whiteSpace: builtinWhiteSpace(typeName), patterns: [] };
  if (seen > 50) throw new Error(`restriction chain too deep at ${typeName}`);
  const restriction = node.children.find((c) => c.tag === 'xs:restriction');
  if (!restriction) return { builtin: 'string', whiteSpace: 'collapse', patterns: [] }; // list/union: not used by OCI
  const baseName = restriction.attrs.base ?? 'xs:string';
  const base = baseName.startsWith('xs:')
    ? facetsOf(defs, local(baseName), undefined)
    : facetsOf(defs, local(baseName), defs.simpleTypes.get(local(baseName)), seen + 1);
  const f: Facets = { ...base, patterns: [...base.patterns] };
  const enums: string[] = [];
  for (const c of restriction.children) {
    const v = c.attrs.value;
    switch (c.tag) {
      case 'xs:enumeration':
        enums.push(v);
        break;
      case 'xs:minLength':
        f.minLength = Number(v);
        break;
      case 'xs:maxLength':
        f.maxLength = Number(v);
        break;
      case 'xs:length':
        f.length = Number(v);
        break;
      case 'xs:minInclusive':
        f.minInclusive = Number(v);
        break;
      case 'xs:maxInclusive':
        f.maxInclusive = Number(v);
        break;
      case 'xs:minExclusive':
        f.minExclusive = Number(v);
        break;
      case 'xs:maxExclusive':
        f.maxExclusive = Number(v);
        break;
      case 'xs:whiteSpace':
        f.whiteSpace = v as WhiteSpace;
        break;
      case 'xs:pattern':
        f.patterns.push(new RegExp(`^(?:${v})$`, 'u'));
        break;
    }
  }
  if (enums.length > 0) f.enumeration = enums;
  return f;
}

/** The facets of a simple type (named or built-in `xs:*`), its restriction chain resolved. */
export function simpleTypeFacets(defs: XsdDefinitions, qname: string, inline?: XsdNode): Facets {
  const name = local(qname);
  const node = inline ?? (qname.startsWith('xs:') ? undefined : defs.simpleTypes.get(name));
  return facetsOf(defs, name, node);
}

/** The integer range of a built-in numeric type, when it is an integer type. */
export function integerRange(builtin: string): readonly [number, number] | undefined {
  return INT_RANGES[builtin];
}

/** Compiles a simple type (named or built-in `xs:*`) into a check function. */
export function compileSimpleType(defs: XsdDefinitions, qname: string, inline?: XsdNode): SimpleCheck {
  const name = local(qname);
  const f = simpleTypeFacets(defs, qname, inline);
  const label = inline ? 'anonymous' : name;
  const enumSet = f.enumeration ? new Set(f.enumeration) : undefined;
  return (raw: string) => {
    const v = normalize(raw, f.whiteSpace);
    if (f.builtin === 'boolean' && !['true', 'false', '1', '0'].includes(v))
      return `cvc-datatype-valid.1.2.1: '${v}' is not a valid value for 'boolean'.`;
    if (NUMERIC.has(f.builtin)) {
      const integer = f.builtin in INT_RANGES;
      if (!(integer ? /^[+-]?\d+$/ : /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/).test(v))
        return `cvc-datatype-valid.1.2.1: '${v}' is not a valid value for '${integer ? 'integer' : f.builtin}'.`;
      const n = Number(v);
      const range = INT_RANGES[f.builtin];
      if (range && (n < range[0] || n > range[1]))
        return `cvc-datatype-valid.1.2.1: '${v}' is not a valid value for '${f.builtin}'.`;
      if (f.minInclusive !== undefined && n < f.minInclusive)
        return `cvc-minInclusive-valid: Value '${v}' is not facet-valid with respect to minInclusive '${f.minInclusive}' for type '${label}'.`;
      if (f.maxInclusive !== undefined && n > f.maxInclusive)
        return `cvc-maxInclusive-valid: Value '${v}' is not facet-valid with respect to maxInclusive '${f.maxInclusive}' for type '${label}'.`;
      if (f.minExclusive !== undefined && n <= f.minExclusive)
        return `cvc-minExclusive-valid: Value '${v}' is not facet-valid with respect to minExclusive '${f.minExclusive}' for type '${label}'.`;
      if (f.maxExclusive !== undefined && n >= f.maxExclusive)
        return `cvc-maxExclusive-valid: Value '${v}' is not facet-valid with respect to maxExclusive '${f.maxExclusive}' for type '${label}'.`;
    }
    if (enumSet && !enumSet.has(v))
      return `cvc-enumeration-valid: Value '${v}' is not facet-valid with respect to enumeration '[${f.enumeration!.join(', ')}]'. It must be a value from the enumeration.`;
    const len = [...v].length;
    if (f.length !== undefined && len !== f.length)
      return `cvc-length-valid: Value '${v}' with length = '${len}' is not facet-valid with respect to length '${f.length}' for type '${label}'.`;
    if (f.minLength !== undefined && len < f.minLength)
      return `cvc-minLength-valid: Value '${v}' with length = '${len}' is not facet-valid with respect to minLength '${f.minLength}' for type '${label}'.`;
    if (f.maxLength !== undefined && len > f.maxLength)
      return `cvc-maxLength-valid: Value '${v}' with length = '${len}' is not facet-valid with respect to maxLength '${f.maxLength}' for type '${label}'.`;
    for (const p of f.patterns)
      if (!p.test(v))
        return `cvc-pattern-valid: Value '${v}' is not facet-valid with respect to pattern '${p.source.slice(4, -2)}' for type '${label}'.`;
    return undefined;
  };
}
