import type { OciExecuteOptions, OciExecutor } from '../oci/executor';
import type { OciCommand, OciResult } from '../oci/command';
import { textOf } from '../oci/document';
import { backendReadFailure, notAssignedFailure, serviceNotAssignedFailure } from './failure';

const MAX_ENTRIES = 10_000;

/**
 * Confirms that a user belongs to the path's tenant and group (UserGetRequest23V2) and, when
 * the operation names a service, that it is assigned (UserServiceIsAssignedRequest), in one
 * document before any service command. Only confirmations are cached, per (user, service),
 * for at most `ttlMs`: a user added or a service assigned later must not be hidden by a cached "no".
 */
export class MembershipCheck {
  private readonly confirmed = new Map<string, number>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Throws a service-not-assigned ApiFailure unless the user is in tenant/group and has `service` (if given). */
  async ensure(
    execute: (commands: OciCommand[], opts: OciExecuteOptions) => Promise<OciResult[]>,
    tenant: string,
    group: string,
    user: string,
    service: string | undefined,
    opts: OciExecuteOptions,
  ): Promise<void> {
    const key = JSON.stringify([tenant, group, user, service ?? null]);
    const until = this.confirmed.get(key);
    if (until !== undefined && until > this.now()) return;
    this.confirmed.delete(key);
    const commands: OciCommand[] = [{ type: 'UserGetRequest23V2', body: { userId: user } }];
    if (service) commands.push({ type: 'UserServiceIsAssignedRequest', body: { userId: user, serviceName: service } });
    const [member, assigned] = await execute(commands, opts);
    refuseUnless(member);
    if (textOf(member.body, 'serviceProviderId') !== tenant || textOf(member.body, 'groupId') !== group)
      throw notAssignedFailure();
    if (service) {
      refuseUnless(assigned);
      if (textOf(assigned.body, 'isAssigned') !== 'true') throw serviceNotAssignedFailure(service);
    }
    if (this.ttlMs <= 0) return;
    if (this.confirmed.size >= MAX_ENTRIES) this.confirmed.delete(this.confirmed.keys().next().value!);
    this.confirmed.set(key, this.now() + this.ttlMs);
  }
}

/** 4008 (user not found) → service-not-assigned; any other error → backend-error; a data answer passes. */
function refuseUnless(result: OciResult | undefined): asserts result is Extract<OciResult, { kind: 'data' }> {
  if (result?.kind === 'data') return;
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

export type { OciExecutor };
