/**
 * Yields to the event loop until `check` holds. Server-side 'finish' handlers may run just
 * after the client already has its response; this waits for them without a clock.
 */
export async function waitFor(check: () => boolean | Promise<boolean>, what: string, turns = 1000): Promise<void> {
  for (let i = 0; i < turns; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 1));
  }
  throw new Error(`never happened: ${what}`);
}
