/**
 * Keeps an in-process store within `maxKeys`: when `map` is full, the entries `isStale` says may
 * go are dropped, and if it is still full, the oldest (a Map iterates in insertion order), so one
 * more entry fits. A replica's memory stays bounded however many callers it sees.
 */
export function makeRoom<K, V>(map: Map<K, V>, maxKeys: number, isStale: (value: V) => boolean): void {
  if (map.size < maxKeys) return;
  for (const [k, v] of map) if (isStale(v)) map.delete(k);
  while (map.size >= maxKeys) map.delete(map.keys().next().value!);
}
