import type { XNode } from './request-document';
import { ElementParticle, GroupParticle, Particle, TypeCompiler, TypeModel } from './xsd-complex-type';
import { loadXsdDefinitions } from './xsd-schema';
import type { CommandValidator } from './xsd-validator';

class Invalid extends Error {}

const firstCache = new WeakMap<Particle, Set<string>>();
const emptyCache = new WeakMap<Particle, boolean>();

function emptiable(p: Particle): boolean {
  let e = emptyCache.get(p);
  if (e === undefined) {
    if (p.min === 0) e = true;
    else if (p.kind === 'element') e = false;
    else if (p.kind === 'sequence') e = p.items.every(emptiable);
    else e = p.items.length === 0 || p.items.some(emptiable);
    emptyCache.set(p, e);
  }
  return e;
}

/** Names an occurrence of `p` may start with. */
function firsts(p: Particle): Set<string> {
  let f = firstCache.get(p);
  if (!f) {
    f = new Set();
    if (p.kind === 'element') f.add(p.name);
    else if (p.kind === 'choice') for (const i of p.items) for (const n of firsts(i)) f.add(n);
    else
      for (const i of p.items) {
        for (const n of firsts(i)) f.add(n);
        if (!emptiable(i)) break;
      }
    firstCache.set(p, f);
  }
  return f;
}

/** Validates commands against the content models of the R25 XSD (compiled per type once). */
export class XsdCommandValidator implements CommandValidator {
  constructor(private readonly types: TypeCompiler) {}

  validate(type: string, node: XNode): string | undefined {
    const model = this.types.resolve(type);
    try {
      if (!type || !model || model.kind !== 'complex')
        throw new Invalid(`cvc-elt.4.2: Cannot resolve '${type}' to a type definition for element 'command'.`);
      this.complex(model, node);
      return undefined;
    } catch (err) {
      if (err instanceof Invalid) return err.message;
      throw err;
    }
  }

  private complex(model: Extract<TypeModel, { kind: 'complex' }>, node: XNode): void {
    if (model.abstract)
      throw new Invalid(`cvc-type.2: The type definition cannot be abstract for element ${node.name}.`);
    const pos = this.match(model.content, node.children, 0, node.name);
    if (pos < node.children.length)
      throw new Invalid(
        `cvc-complex-type.2.4.d: Invalid content was found starting with element '${node.children[pos].name}'. No child element is expected at this point.`,
      );
  }

  private element(p: ElementParticle, node: XNode): void {
    if (node.nil) {
      if (!p.nillable)
        throw new Invalid(
          `cvc-elt.3.1: Attribute 'http://www.w3.org/2001/XMLSchema-instance,nil' must not appear on element '${node.name}', because the {nillable} property of '${node.name}' is false.`,
        );
      return;
    }
    let model = this.types.elementType(p);
    if (node.xsiType) {
      model = this.types.resolve(node.xsiType);
      if (!model)
        throw new Invalid(
          `cvc-elt.4.2: Cannot resolve '${node.xsiType}' to a type definition for element '${node.name}'.`,
        );
    }
    if (!model) return; // a type the schema files do not define: nothing to check against
    if (model.kind === 'complex') return this.complex(model, node);
    if (node.children.length > 0)
      throw new Invalid(
        `cvc-type.3.1.2: Element '${node.name}' is a simple type, so it must have no element information item [children].`,
      );
    const problem = model.check(node.text);
    if (problem) throw new Invalid(`${problem} (element '${node.name}')`);
  }

  private expected(p: Particle, kids: XNode[], pos: number, parent: string): never {
    const names = [...firsts(p)].map((n) => `"${n}"`).join(', ');
    if (pos < kids.length)
      throw new Invalid(
        `cvc-complex-type.2.4.a: Invalid content was found starting with element '${kids[pos].name}'. One of '{${names}}' is expected.`,
      );
    throw new Invalid(
      `cvc-complex-type.2.4.b: The content of element '${parent}' is not complete. One of '{${names}}' is expected.`,
    );
  }

  private match(p: Particle, kids: XNode[], pos: number, parent: string): number {
    if (p.kind === 'element') {
      let count = 0;
      while (pos < kids.length && count < p.max && kids[pos].name === p.name) {
        this.element(p, kids[pos]);
        pos++;
        count++;
      }
      if (count < p.min) this.expected(p, kids, pos, parent);
      return pos;
    }
    if (p.min === 1 && p.max === 1) return this.once(p, kids, pos, parent);
    let count = 0;
    while (count < p.max && pos < kids.length && firsts(p).has(kids[pos].name)) {
      const next = this.once(p, kids, pos, parent);
      if (next === pos) break;
      pos = next;
      count++;
    }
    if (count < p.min) return this.once(p, kids, pos, parent);
    return pos;
  }

  private once(p: GroupParticle, kids: XNode[], pos: number, parent: string): number {
    if (p.kind === 'sequence') {
      for (const item of p.items) pos = this.match(item, kids, pos, parent);
      return pos;
    }
    const name = pos < kids.length ? kids[pos].name : undefined;
    const chosen = name === undefined ? undefined : p.items.find((i) => firsts(i).has(name));
    if (chosen) return this.match(chosen, kids, pos, parent);
    if (emptiable(p) || p.items.some(emptiable)) return pos;
    return this.expected(p, kids, pos, parent);
  }
}

let shared: XsdCommandValidator | undefined;

/** The process-wide validator built from fixtures/schema/*.xsd (read once, types compiled on first use). */
export function loadCommandValidator(): CommandValidator {
  shared ??= new XsdCommandValidator(new TypeCompiler(loadXsdDefinitions()));
  return shared;
}
