import type { OciExecuteOptions, OciExecutor } from '../oci/executor';
import type { OciCommand, OciResult } from '../oci/command';
import { textOf } from '../oci/document';
import { backendReadFailure, notAssignedFailure } from './failure';

const MAX_ENTRIES = 10_000;

/**
 * Confirms that a user belongs to the path's tenant and group (UserGetRequest23V2, in its
 * own document) before any service command. Only confirmations are cached, for at most
 * `ttlMs`: a user added later must not be hidden by a cached "no".
 */
export class MembershipCheck {
  private readonly confirmed = new Map<string, number>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Throws a service-not-assigned ApiFailure unless the user is in tenant/group. */
  async ensure(
    execute: (commands: OciCommand[], opts: OciExecuteOptions) => Promise<OciResult[]>,
    tenant: string,
    group: string,
    user: string,
    opts: OciExecuteOptions,
  ): Promise<void> {
    const key = JSON.stringify([tenant, group, user]);
    const until = this.confirmed.get(key);
    if (until !== undefined && until > this.now()) return;
    this.confirmed.delete(key);
    const [result] = await execute([{ type: 'UserGetRequest23V2', body: { userId: user } }], opts);
    if (!result || result.kind !== 'data') {
      if (result?.kind === 'error' && result.code !== 4008) {
        throw backendReadFailure('BroadWorks refused the membership check', {
          code: result.code,
          summary: result.summaryEnglish,
        });
      }
      throw notAssignedFailure(
        result?.kind === 'error' ? { code: result.code, summary: result.summaryEnglish } : undefined,
      );
    }
    if (textOf(result.body, 'serviceProviderId') !== tenant || textOf(result.body, 'groupId') !== group)
      throw notAssignedFailure();
    if (this.ttlMs <= 0) return;
    if (this.confirmed.size >= MAX_ENTRIES) this.confirmed.delete(this.confirmed.keys().next().value!);
    this.confirmed.set(key, this.now() + this.ttlMs);
  }
}

export type { OciExecutor };
