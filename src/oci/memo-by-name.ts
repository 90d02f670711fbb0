/**
 * Remembers `decide`'s answer per name, for the few hundred names OCI traffic uses (command
 * types, element names): asked per request, computed once per name. Bounded, so that a peer
 * sending endless new names cannot grow it: past `max` names, answers are computed each time.
 */
export function memoByName<T>(decide: (name: string) => T, max = 4096): (name: string) => T {
  const known = new Map<string, T>();
  return (name) => {
    if (known.has(name)) return known.get(name) as T;
    const answer = decide(name);
    if (known.size < max) known.set(name, answer);
    return answer;
  };
}
