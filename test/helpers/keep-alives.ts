/**
 * The documents of a simulator request log other than keep-alives. An idle gateway proves its
 * sessions alive on its own (the recovery probe, the pool's keep-alive), at any moment: a test
 * that asserts a request sent nothing to BroadWorks looks past those, and only those.
 */
export function withoutKeepAlives<T extends { commandTypes: string[] }>(log: readonly T[]): T[] {
  return log.filter((e) => !e.commandTypes.every((t) => t === 'VerifySessionIsValidRequest'));
}
