import { ElementParticle, Particle, TypeCompiler } from '../xsd-complex-type';
import { loadXsdDefinitions, XsdDefinitions } from '../xsd-schema';
import { compileSimpleType, Facets, integerRange, SimpleCheck, simpleTypeFacets } from '../xsd-simple-type';

/**
 * The settings services the simulator serves from the schema alone: for a service X, the
 * newest non-deprecated `UserXGetRequest…` whose request carries only `userId`, paired with the
 * newest non-deprecated `UserXModifyRequest…`, when the Get's response is a sequence of
 * simple-typed elements (or lists of them). Everything else is listed with the reason.
 */

/** One element of a Get response or Modify request, as the generic handlers store and answer it. */
export interface SettingsElement {
  name: string;
  /** minOccurs 0: answered only when set. */
  optional: boolean;
  nillable: boolean;
  /** maxOccurs > 1 (answered as repeated elements), or a Modify wrapper of one repeated element. */
  list?: { item: string; wrapped: boolean };
  facets: Facets;
  /** The type's check (of one item for a list): a Xerces-style message when a text is invalid. */
  check: SimpleCheck;
}

export interface SettingsPair {
  /** `CallForwardingAlways`: the part of the command names between `User` and `Get`/`Modify`. */
  key: string;
  /** The UserService enumeration value (`Call Forwarding Always`), when the service is one. */
  service?: string;
  get: string;
  response: string;
  modify: string;
  /** The Get response's elements, in schema order. */
  read: SettingsElement[];
  /** The Modify request's elements but userId, in schema order. */
  write: SettingsElement[];
  /** Schema-valid starting values of the required response elements. */
  defaults: Readonly<Record<string, string>>;
}

/** The name a user's data set files the pair's values under: its BroadWorks service name. */
export const serviceNameOf = (pair: SettingsPair): string => pair.service ?? pair.key;

export interface SettingsCatalogue {
  pairs: SettingsPair[];
  /** Get/Modify pairs of the schema not served generically, and why. */
  leftOut: { key: string; get: string; modify: string; reason: string }[];
  /** The UserService enumeration, in schema order. */
  userServices: readonly string[];
  byCommand: ReadonlyMap<string, SettingsPair>;
  byService: ReadonlyMap<string, SettingsPair>;
}

class NotServed extends Error {}

const GET = /^User(\w+?)GetRequest(\w*)$/;
const MODIFY = /^User(\w+?)ModifyRequest(\w*)$/;

/** Orders version suffixes: '' < 13mp16 < 14sp4 < 17sp4 < 21 < 21sp1 < 22V2 … */
function version(suffix: string): number[] {
  const m = /^(\d*)(?:(?:sp|mp)(\d+))?(?:V(\d+))?$/.exec(suffix);
  if (!m) return [0, 0, 0];
  return [Number(m[1] || 0), Number(m[2] || 0), Number(m[3] || 0)];
}
function newer(a: string, b: string): boolean {
  const [x, y] = [version(a), version(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] > y[i];
  return false;
}

const normalise = (s: string): string => s.replace(/[^A-Za-z0-9]/g, '').toLowerCase();

/** The elements of a type's content when it is a flat sequence; a choice or nested group is refused. */
function flatElements(content: Particle, where: string): ElementParticle[] {
  if (content.kind === 'element') return [content];
  if (content.kind === 'choice') throw new NotServed(`${where} has a choice`);
  if (content.min !== 1 || content.max !== 1) throw new NotServed(`${where} has a repeated group`);
  return content.items.flatMap((i) => flatElements(i, where));
}

const TEXT_BUILTINS = new Set(['string', 'token', 'normalizedString', 'NMTOKEN', 'anyURI', 'Name', 'NCName']);
const NUMBER_BUILTINS = new Set(['decimal', 'float', 'double']);

/** A value every check of `f` accepts, or undefined when only a pattern or format could say. */
export function defaultValue(f: Facets): string | undefined {
  if (f.enumeration) return f.enumeration[0];
  if (f.builtin === 'boolean') return 'false';
  const range = integerRange(f.builtin);
  if (range || NUMBER_BUILTINS.has(f.builtin)) {
    const low = Math.max(
      range?.[0] ?? -Infinity,
      f.minInclusive ?? -Infinity,
      f.minExclusive === undefined ? -Infinity : Math.floor(f.minExclusive) + 1,
    );
    const high = Math.min(
      range?.[1] ?? Infinity,
      f.maxInclusive ?? Infinity,
      f.maxExclusive === undefined ? Infinity : Math.ceil(f.maxExclusive) - 1,
    );
    const v = low === -Infinity ? Math.min(0, high) : low;
    return v <= high ? String(v) : undefined;
  }
  if (!TEXT_BUILTINS.has(f.builtin) || f.patterns.length > 0) return undefined;
  return 'x'.repeat(f.length ?? f.minLength ?? 0);
}

function describe(types: TypeCompiler, defs: XsdDefinitions, p: ElementParticle, where: string): SettingsElement {
  const model = types.elementType(p);
  const base = { name: p.name, optional: p.min === 0, nillable: p.nillable };
  if (model?.kind === 'simple') {
    const facets = simpleTypeFacets(defs, p.typeName, p.inline);
    const check = compileSimpleType(defs, p.typeName, p.inline);
    return p.max > 1 ? { ...base, list: { item: p.name, wrapped: false }, facets, check } : { ...base, facets, check };
  }
  if (model?.kind === 'complex' && p.max === 1 && model.content.kind === 'sequence') {
    // A replacement list: a wrapper of one repeated simple element (e.g. phoneNumber items).
    const kids = flatElements(model.content, `${where}.${p.name}`);
    const [item] = kids;
    if (kids.length === 1 && item.max > 1 && types.elementType(item)?.kind === 'simple')
      return {
        ...base,
        list: { item: item.name, wrapped: true },
        facets: simpleTypeFacets(defs, item.typeName, item.inline),
        check: compileSimpleType(defs, item.typeName, item.inline),
      };
  }
  throw new NotServed(`${where}.${p.name} is of complex type ${p.typeName}`);
}

function elementsOf(types: TypeCompiler, name: string): ElementParticle[] {
  const model = types.resolve(name);
  if (model?.kind !== 'complex') throw new NotServed(`${name} is not in the schema`);
  return flatElements(model.content, name);
}

function buildPair(
  types: TypeCompiler,
  defs: XsdDefinitions,
  key: string,
  get: string,
  modify: string,
  service: string | undefined,
): SettingsPair {
  const request = elementsOf(types, get);
  if (request.length !== 1 || request[0].name !== 'userId')
    throw new NotServed(`${get} carries more than userId (${request.map((e) => e.name).join(', ')})`);
  const response = get.replace(/Request(\w*)$/, 'Response$1');
  const read = elementsOf(types, response).map((p) => describe(types, defs, p, response));
  const modifyEls = elementsOf(types, modify);
  if (modifyEls[0]?.name !== 'userId') throw new NotServed(`${modify} does not start with userId`);
  const write = modifyEls.slice(1).map((p) => describe(types, defs, p, modify));
  const defaults: Record<string, string> = {};
  for (const e of read) {
    if (e.optional || e.list) continue;
    const v = defaultValue(e.facets);
    if (v === undefined)
      throw new NotServed(
        `${response}.${e.name} is required and its type (${e.facets.builtin}${e.facets.patterns.length ? ' with a pattern' : ''}) has no schema-valid default`,
      );
    defaults[e.name] = v;
  }
  return { key, service, get, response, modify, read, write, defaults };
}

/** Builds the catalogue from the schema definitions (pure: tests and the report use it too). */
export function buildSettingsCatalogue(defs: XsdDefinitions): SettingsCatalogue {
  const types = new TypeCompiler(defs);
  const userServices = defs.simpleTypes.has('UserService')
    ? (simpleTypeFacets(defs, 'UserService').enumeration ?? [])
    : [];
  const serviceOf = new Map(userServices.map((s) => [normalise(s), s]));
  const newest = (re: RegExp): Map<string, string> => {
    const best = new Map<string, { name: string; suffix: string }>();
    for (const name of defs.complexTypes.keys()) {
      const m = re.exec(name);
      if (!m || defs.deprecated.has(name)) continue;
      const seen = best.get(m[1]);
      if (!seen || newer(m[2], seen.suffix)) best.set(m[1], { name, suffix: m[2] });
    }
    return new Map([...best].map(([k, v]) => [k, v.name]));
  };
  const gets = newest(GET);
  const modifies = newest(MODIFY);
  const pairs: SettingsPair[] = [];
  const leftOut: SettingsCatalogue['leftOut'] = [];
  for (const [key, get] of [...gets].sort(([a], [b]) => a.localeCompare(b))) {
    const modify = modifies.get(key);
    if (!modify) continue;
    try {
      pairs.push(buildPair(types, defs, key, get, modify, serviceOf.get(normalise(key))));
    } catch (err) {
      if (!(err instanceof NotServed)) throw err;
      leftOut.push({ key, get, modify, reason: err.message });
    }
  }
  return {
    pairs,
    leftOut,
    userServices,
    byCommand: new Map(pairs.flatMap((p) => [[p.get, p] as const, [p.modify, p] as const])),
    byService: new Map(pairs.map((p) => [serviceNameOf(p), p] as const)),
  };
}

let shared: SettingsCatalogue | undefined;

/** The catalogue of fixtures/schema, built once per process on first use. */
export function settingsCatalogue(): SettingsCatalogue {
  shared ??= buildSettingsCatalogue(loadXsdDefinitions());
  return shared;
}
