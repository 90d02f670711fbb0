import type { OciElement } from '../../oci/command';
import type { User } from '../demo-data';
import { data, Reply, success } from '../replies';
import type { XNode } from '../request-document';
import type { CommandHandler } from '../commands/context';
import { isReply, targetUser } from '../commands/target';
import { normalize } from '../xsd-simple-type';
import { serviceNameOf, type SettingsElement, type SettingsPair } from './catalogue';

/** A stored value: the element's text, or the texts of a list's items. */
export type StoredValue = string | string[];
/** A JSON value a data set may give for an element (booleans and numbers become text). */
export type InitialValue = string | number | boolean | (string | number)[];

/** The text a value is stored as, whitespace-normalised as its type says (booleans as true/false). */
function canonical(e: SettingsElement, text: string): string {
  const f = e.facets;
  const t = normalize(text, f.whiteSpace);
  if (f.builtin === 'boolean') return t === 'true' || t === '1' ? 'true' : 'false';
  if (/^[+-]?\d+$/.test(t) && f.builtin !== 'string' && f.builtin !== 'token') return String(Number(t));
  return t;
}

/** A data set's initial value as stored text. */
export function storedFromInitial(value: InitialValue): StoredValue {
  return Array.isArray(value) ? value.map(String) : String(value);
}

/** The user's stored values of one pair (created empty on first use). */
function valuesOf(user: User, pair: SettingsPair): Record<string, InitialValue> {
  user.settings ??= {};
  return (user.settings[serviceNameOf(pair)] ??= {});
}

/** Get: the stored values in schema order; required ones default, optional ones only when set. */
function getSettings(pair: SettingsPair): CommandHandler {
  return (ctx) => {
    const user = targetUser(ctx, pair.get, pair.service);
    if (isReply(user)) return user;
    const values = valuesOf(user, pair);
    const body: OciElement = {};
    for (const e of pair.read) {
      const given = values[e.name];
      const value = given === undefined ? pair.defaults[e.name] : storedFromInitial(given);
      if (value === undefined) continue;
      if (!e.list) body[e.name] = Array.isArray(value) ? value.join(' ') : value;
      else {
        const items = Array.isArray(value) ? value : [value];
        body[e.name] = e.list.wrapped ? { [e.list.item]: items } : items;
      }
    }
    return data(pair.response, body);
  };
}

function itemsOf(e: SettingsElement, node: XNode): string[] {
  const item = e.list!.item;
  const nodes = e.list!.wrapped ? node.children.filter((c) => c.name === item) : [node];
  return nodes.map((n) => canonical(e, n.text));
}

/** Modify (already schema-valid): only the elements present change; xsi:nil clears one. */
function modifySettings(pair: SettingsPair): CommandHandler {
  const byName = new Map(pair.write.map((e) => [e.name, e]));
  return (ctx): Reply => {
    const user = targetUser(ctx, pair.modify, pair.service);
    if (isReply(user)) return user;
    const next: Record<string, InitialValue> = { ...valuesOf(user, pair) };
    const lists = new Map<string, string[]>();
    for (const node of ctx.node.children) {
      const e = byName.get(node.name);
      if (!e) continue; // userId
      if (node.nil) delete next[e.name];
      else if (e.list && !e.list.wrapped) lists.set(e.name, [...(lists.get(e.name) ?? []), ...itemsOf(e, node)]);
      else next[e.name] = e.list ? itemsOf(e, node) : canonical(e, node.text);
    }
    for (const [name, items] of lists) next[name] = items;
    user.settings![serviceNameOf(pair)] = next;
    return success();
  };
}

/** The Get and Modify handler of every pair, by command name, for the dispatch table. */
export function settingsHandlers(pairs: readonly SettingsPair[]): [string, CommandHandler][] {
  return pairs.flatMap((p): [string, CommandHandler][] => [
    [p.get, getSettings(p)],
    [p.modify, modifySettings(p)],
  ]);
}
