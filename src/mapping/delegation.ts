import type { OciCommand, OciResult } from '../oci/command';
import type { OciExecuteOptions } from '../oci/executor';
import { tableOf, textOf } from '../oci/document';
import { backendReadFailure } from './failure';

const MAX_EXECUTIVES = 10_000;
/** How long a "no" is believed: short, so an assistant just assigned or opted in waits little. */
export const DELEGATION_NEGATIVE_TTL_MS = 10_000;

type Execute = (commands: OciCommand[], opts: OciExecuteOptions) => Promise<OciResult[]>;

/**
 * The delegation rule: may `assistant` act for `executive`? Yes when the executive's assistant
 * table (UserExecutiveGetAssistantRequest) lists it and it has opted in; when the executive does
 * not allow opt-in/out, every listed assistant counts as opted in. Answers are cached per
 * executive, "yes" for `positiveTtlMs` (the membership cache's), "no" for 10 s; `forget` drops an
 * executive's answers after a change made through this replica.
 */
export class AssistantDelegation {
  // [tenant, executive] → assistant → { allowed, until }
  private readonly cache = new Map<string, Map<string, { allowed: boolean; until: number }>>();

  constructor(
    private readonly positiveTtlMs: number,
    private readonly now: () => number = Date.now,
    private readonly negativeTtlMs = DELEGATION_NEGATIVE_TTL_MS,
  ) {}

  async allows(
    execute: Execute,
    tenant: string,
    executive: string,
    assistant: string,
    opts: OciExecuteOptions,
  ): Promise<boolean> {
    const key = JSON.stringify([tenant, executive]);
    const hit = this.cache.get(key)?.get(assistant);
    if (hit && hit.until > this.now()) return hit.allowed;
    const [result] = await execute([{ type: 'UserExecutiveGetAssistantRequest', body: { userId: executive } }], opts);
    let allowed = false;
    if (result?.kind === 'data') {
      const optInAllowed = textOf(result.body, 'allowOptInOut') === 'true';
      const row = tableOf(result.body, 'assistantUserTable').rows.find((r) => r['User Id'] === assistant);
      allowed = row !== undefined && (!optInAllowed || row['Opt-in'] === 'true');
    } else if (result?.kind === 'error' && result.code !== 4008 && result.code !== 4410) {
      // Unknown user or no Executive service is a plain "no"; anything else is BroadWorks trouble.
      throw backendReadFailure('BroadWorks refused the delegation check', {
        code: result.code,
        summary: result.summaryEnglish,
      });
    }
    this.remember(key, assistant, allowed);
    return allowed;
  }

  /** Drops every cached answer about these executives (their assistants or opt-ins changed). */
  forget(tenant: string, executives: readonly string[]): void {
    for (const e of executives) this.cache.delete(JSON.stringify([tenant, e]));
  }

  private remember(key: string, assistant: string, allowed: boolean): void {
    const ttl = allowed ? this.positiveTtlMs : this.negativeTtlMs;
    if (ttl <= 0) return;
    let entries = this.cache.get(key);
    if (!entries) {
      if (this.cache.size >= MAX_EXECUTIVES) this.cache.delete(this.cache.keys().next().value!);
      entries = new Map();
      this.cache.set(key, entries);
    }
    entries.set(assistant, { allowed, until: this.now() + ttl });
  }
}
