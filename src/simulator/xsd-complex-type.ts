import { compileSimpleType, SimpleCheck } from './xsd-simple-type';
import { local, XsdDefinitions, XsdNode } from './xsd-schema';

export interface ElementParticle {
  kind: 'element';
  name: string;
  min: number;
  max: number;
  nillable: boolean;
  typeName: string;
  inline?: XsdNode;
}

export interface GroupParticle {
  kind: 'sequence' | 'choice';
  items: Particle[];
  min: number;
  max: number;
}

export type Particle = ElementParticle | GroupParticle;

export type TypeModel =
  | { kind: 'complex'; name: string; abstract: boolean; content: GroupParticle }
  | { kind: 'simple'; name: string; check: SimpleCheck };

function occurs(attrs: Record<string, string>): { min: number; max: number } {
  const max = attrs.maxOccurs === 'unbounded' ? Infinity : Number(attrs.maxOccurs ?? '1');
  return { min: Number(attrs.minOccurs ?? '1'), max };
}

/** Compiles and caches the types of the XSD model on first use (so start-up stays cheap). */
export class TypeCompiler {
  private readonly cache = new Map<string, TypeModel | null>();

  constructor(private readonly defs: XsdDefinitions) {}

  /** The model of a named type, or undefined when the schema has no such type. */
  resolve(qname: string): TypeModel | undefined {
    const name = qname.startsWith('xs:') ? qname : local(qname);
    if (this.cache.has(name)) return this.cache.get(name) ?? undefined;
    let model: TypeModel | null = null;
    if (name.startsWith('xs:')) model = { kind: 'simple', name, check: compileSimpleType(this.defs, name) };
    else if (this.defs.simpleTypes.has(name))
      model = { kind: 'simple', name, check: compileSimpleType(this.defs, name) };
    else if (this.defs.complexTypes.has(name)) {
      // Cache a placeholder first: recursive types refer back to themselves.
      const def = this.defs.complexTypes.get(name)!;
      const complex: TypeModel = {
        kind: 'complex',
        name,
        abstract: def.attrs.abstract === 'true',
        content: { kind: 'sequence', items: [], min: 1, max: 1 },
      };
      this.cache.set(name, complex);
      complex.content = this.content(def);
      return complex;
    }
    this.cache.set(name, model);
    return model ?? undefined;
  }

  /** The model of an element's declared type (inline or named). */
  elementType(p: ElementParticle): TypeModel | undefined {
    if (!p.inline) return this.resolve(p.typeName);
    const key = `#inline:${p.name}:${this.inlineIds.get(p.inline) ?? this.newInlineId(p.inline)}`;
    if (this.cache.has(key)) return this.cache.get(key) ?? undefined;
    const model: TypeModel =
      p.inline.tag === 'xs:simpleType'
        ? { kind: 'simple', name: 'anonymous', check: compileSimpleType(this.defs, 'anonymous', p.inline) }
        : { kind: 'complex', name: 'anonymous', abstract: false, content: this.content(p.inline) };
    this.cache.set(key, model);
    return model;
  }

  private readonly inlineIds = new WeakMap<XsdNode, number>();
  private nextInline = 0;
  private newInlineId(n: XsdNode): number {
    const id = this.nextInline++;
    this.inlineIds.set(n, id);
    return id;
  }

  private content(def: XsdNode): GroupParticle {
    for (const c of def.children) {
      if (c.tag === 'xs:sequence' || c.tag === 'xs:choice') return this.group(c);
      if (c.tag === 'xs:complexContent') {
        const ext = c.children.find((x) => x.tag === 'xs:extension' || x.tag === 'xs:restriction');
        if (!ext) break;
        const own = ext.children.find((x) => x.tag === 'xs:sequence' || x.tag === 'xs:choice');
        const ownGroup = own ? this.group(own) : undefined;
        if (ext.tag === 'xs:restriction') return ownGroup ?? { kind: 'sequence', items: [], min: 1, max: 1 };
        const base = this.resolve(ext.attrs.base);
        const items: Particle[] = [];
        if (base?.kind === 'complex' && base.content.items.length > 0) items.push(base.content);
        if (ownGroup) items.push(ownGroup);
        return { kind: 'sequence', items, min: 1, max: 1 };
      }
    }
    return { kind: 'sequence', items: [], min: 1, max: 1 };
  }

  private group(node: XsdNode): GroupParticle {
    const items: Particle[] = [];
    for (const c of node.children) {
      if (c.tag === 'xs:element') {
        const inline = c.children.find((x) => x.tag === 'xs:complexType' || x.tag === 'xs:simpleType');
        items.push({
          kind: 'element',
          name: c.attrs.name ?? local(c.attrs.ref ?? ''),
          ...occurs(c.attrs),
          nillable: c.attrs.nillable === 'true',
          typeName: c.attrs.type ?? 'xs:string',
          inline,
        });
      } else if (c.tag === 'xs:sequence' || c.tag === 'xs:choice') {
        items.push(this.group(c));
      }
    }
    return { kind: node.tag === 'xs:choice' ? 'choice' : 'sequence', items, ...occurs(node.attrs) };
  }
}
