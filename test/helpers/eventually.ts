/**
 * Waits until `check` holds, polling every `everyMs`: for things that happen after the
 * caller already has its answer (a 'finish' handler, a probe, a breaker turning half-open).
 * It bounds the wait so that a regression fails with `what` instead of hanging; it never
 * proves that something did NOT happen (inject a clock or wait for an event for that).
 */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  what: string,
  opts: { withinMs?: number; everyMs?: number } = {},
): Promise<void> {
  const { withinMs = 5000, everyMs = 5 } = opts;
  const end = Date.now() + withinMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) throw new Error(`never happened within ${withinMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
