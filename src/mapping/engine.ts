import { ProcessWriteLock } from '../coordination/memory-write-lock';
import type { Lease, WriteLock } from '../coordination/stores';
import type { OciCommand, OciResult } from '../oci/command';
import type { DocumentTally, OciExecutor } from '../oci/executor';
import type { CompiledCommand, CompiledOperation, ValidInput } from './compile';
import {
  ApiFailure,
  backendReadFailure,
  incompleteWriteFailure,
  notAssignedFailure,
  refusedByStateFailure,
  warnedWriteFailure,
  type BackendError,
} from './failure';
import { AssistantDelegation } from './delegation';
import { MembershipCheck } from './membership';
import { findPointer } from './pointer';
import type { Scope } from './scope';

// [Error 4008] User not found, [Error 4410] Service is not assigned: the path user is out of reach.
// (The membership document checks the service with UserServiceIsAssignedRequest first; 4410 is the fallback.)
const NOT_ASSIGNED_CODES = new Set([4008, 4410]);

/** What one request sent, for audit lines and tests. */
export interface RunTrace {
  commandTypes: string[];
  documents: number;
  /** At least one write command answered SuccessResponse. */
  applied: boolean;
}

export interface RunOptions {
  requestId?: string;
  /** The request's document tally (metrics: documents per request), passed to the OCI client. */
  tally?: DocumentTally;
  trace?: RunTrace;
  /** Runs before the documents, inside the per-user write lock (If-Match); throws to refuse. */
  precondition?: () => Promise<void>;
  /**
   * The request relies on fleet-wide atomicity (If-Match, Idempotency-Key): refused with
   * CoordinationError('unavailable') when the shared write lock cannot be had.
   */
  strict?: boolean;
}

export interface RunResult {
  status: number;
  body: unknown;
}

export interface EngineDeps {
  executor: OciExecutor;
  membershipCacheMs: number;
  /** Per-executive write lock; default: in-process, unbounded wait. */
  writeLock?: WriteLock;
  now?: () => number;
}

interface Sent {
  spec: CompiledCommand;
  result: OciResult;
  /** Index of the row for fan-out commands. */
  row: number;
}

function backendOf(r: OciResult): BackendError | undefined {
  if (r.kind !== 'error') return undefined;
  return r.detail === undefined
    ? { code: r.code, summary: r.summaryEnglish }
    : { code: r.code, summary: r.summaryEnglish, detail: r.detail };
}

/** Runs compiled operations against an OCI executor: membership, documents, decisions, answer. */
export class MappingEngine {
  private readonly membership: MembershipCheck;
  private readonly writes: WriteLock;
  private readonly delegation: AssistantDelegation;

  constructor(private readonly deps: EngineDeps) {
    this.membership = new MembershipCheck(deps.membershipCacheMs, deps.now);
    this.writes = deps.writeLock ?? new ProcessWriteLock();
    this.delegation = new AssistantDelegation(deps.membershipCacheMs, deps.now);
  }

  /** The delegation rule (src/mapping/delegation.ts): may `assistant` act for the path's executive? */
  async assistantMayActFor(
    tenant: string,
    executive: string,
    assistant: string,
    opts: { requestId?: string; trace?: RunTrace; tally?: DocumentTally } = {},
  ): Promise<boolean> {
    return this.delegation.allows(
      async (commands, o) => {
        opts.trace?.commandTypes.push(...commands.map((c) => c.type));
        if (opts.trace) opts.trace.documents += 1;
        return this.deps.executor.execute(commands, o);
      },
      tenant,
      executive,
      assistant,
      { requestId: opts.requestId, tally: opts.tally },
    );
  }

  /** Drops cached delegation answers about these executives (their assistants or opt-ins changed here). */
  forgetDelegation(tenant: string, executives: readonly string[]): void {
    this.delegation.forget(tenant, executives);
  }

  /** Runs one validated request. Throws ApiFailure for decided failures, OciError for exchange failures. */
  async run(op: CompiledOperation, input: ValidInput, opts: RunOptions = {}): Promise<RunResult> {
    const trace = opts.trace ?? { commandTypes: [], documents: 0, applied: false };
    let lease: Lease | undefined;
    const execute = async (commands: OciCommand[]) => {
      trace.commandTypes.push(...commands.map((c) => c.type));
      trace.documents += 1;
      // Under the write lock, no document goes out that could outlive the lock.
      return this.deps.executor.execute(commands, {
        requestId: opts.requestId,
        tally: opts.tally,
        beforeDocument: () => lease?.check(),
      });
    };
    const { tenant, group, user } = input.path;
    await this.membership.ensure(execute, tenant, group, user, op.service, { requestId: opts.requestId });
    const go = async () => {
      // Inside the lock, so that nothing of ours writes between the check and the write.
      await opts.precondition?.();
      const scope = op.initScope(input);
      await this.runChecks(op, scope, execute);
      try {
        return await this.runDocuments(op, scope, execute, trace);
      } catch (err) {
        // Whatever fails after a write was applied must not read as "not applied" or "unknown".
        throw trace.applied ? incompleteWriteFailure(err) : err;
      }
    };
    // Writes to one user are serialized (fleet-wide with Redis); reads are not.
    if (!op.isWrite) return go();
    return this.writes.run(JSON.stringify([tenant, group, user]), { strict: opts.strict ?? false }, (held) => {
      lease = held;
      return go();
    });
  }

  /** A write's read-first checks: read, then refuse (400, nothing written) when an item fails a rule. */
  private async runChecks(
    op: CompiledOperation,
    scope: Scope,
    execute: (c: OciCommand[]) => Promise<OciResult[]>,
  ): Promise<void> {
    if (!op.checks) return;
    const specs = op.checks.read.flatMap((spec) => spec.build(scope).map((command, row) => ({ spec, command, row })));
    const results = await execute(specs.map((s) => s.command));
    const sent: Sent[] = specs.map((s, i) => ({ spec: s.spec, row: s.row, result: results[i] }));
    this.store(scope, sent);
    const failed = sent.find((s) => s.result.kind === 'error');
    if (failed) {
      const backend = backendOf(failed.result);
      if (NOT_ASSIGNED_CODES.has(backend?.code ?? 0)) throw notAssignedFailure(backend);
      throw backendReadFailure('BroadWorks refused a read', backend);
    }
    const errors = op.checks.items(scope);
    if (errors.length > 0) throw refusedByStateFailure(errors);
  }

  private async runDocuments(
    op: CompiledOperation,
    scope: Scope,
    execute: (c: OciCommand[]) => Promise<OciResult[]>,
    trace: RunTrace,
  ): Promise<RunResult> {
    // A write answered with a Warning/Info: applied only if the state read back shows it.
    let warned: OciResult | undefined;
    for (const doc of op.documents) {
      const specs: { spec: CompiledCommand; command: OciCommand; row: number }[] = [];
      for (const spec of doc) spec.build(scope).forEach((command, row) => specs.push({ spec, command, row }));
      if (specs.length === 0) continue;
      const results = await execute(specs.map((s) => s.command));
      const sent: Sent[] = specs.map((s, i) => ({ spec: s.spec, row: s.row, result: results[i] }));
      this.store(scope, sent);

      const readErrors = sent.filter((s) => !s.spec.write && s.result.kind === 'error');
      const notAssigned = readErrors.find(
        (s) => s.result.kind === 'error' && NOT_ASSIGNED_CODES.has(s.result.code ?? 0),
      );
      if (notAssigned) throw notAssignedFailure(backendOf(notAssigned.result));

      const failedWrite = sent.find((s) => s.spec.write && isError(s.result));
      if (sent.some((s) => s.spec.write && s.result.kind === 'success')) trace.applied = true;
      warned ??= sent.find((s) => s.spec.write && s.result.kind === 'error' && !isError(s.result))?.result;
      if (failedWrite) await this.explainFailedWrite(op, scope, sent, failedWrite, execute, trace);

      // A read-only request decides "not found" from the table it read, never from an error code.
      if (!trace.applied && op.exists?.(scope) === false) throw this.notFound(op);
      const readError = readErrors[0];
      if (readError) {
        throw backendReadFailure('BroadWorks refused a read', backendOf(readError.result));
      }
    }
    const body = op.output(scope);
    if (warned) {
      if (!showsRequested(scope.body, body)) throw warnedWriteFailure(backendOf(warned)!);
      trace.applied = true;
    }
    return { status: 200, body };
  }

  /** A write failed: tell "user/service gone", "row gone" and "input refused" apart. */
  private async explainFailedWrite(
    op: CompiledOperation,
    scope: Scope,
    sent: Sent[],
    failed: Sent,
    execute: (c: OciCommand[]) => Promise<OciResult[]>,
    trace: RunTrace,
  ): Promise<never> {
    const readOk = sent.some((s) => !s.spec.write && s.result.kind === 'data');
    if (!readOk && op.verify) {
      const commands = op.verify.build(scope);
      const results = await execute(commands);
      const verified = commands.map((_c, i) => ({ spec: op.verify!, row: i, result: results[i] }));
      this.store(scope, verified);
      const bad = verified.find((v) => v.result.kind === 'error');
      if (bad && NOT_ASSIGNED_CODES.has(bad.result.kind === 'error' ? (bad.result.code ?? 0) : 0))
        throw notAssignedFailure(backendOf(bad.result));
    } else if (!readOk && failed.result.kind === 'error' && NOT_ASSIGNED_CODES.has(failed.result.code ?? 0)) {
      throw notAssignedFailure(backendOf(failed.result));
    }
    if (!trace.applied && op.exists?.(scope) === false) throw this.notFound(op);
    const backend = backendOf(failed.result);
    const pointer = backend ? findPointer(scope.body, backend.summary) : undefined;
    throw new ApiFailure('rejected-by-backend', 'BroadWorks refused the change; nothing was changed by this command', {
      backend,
      backendErrors: pointer !== undefined ? [{ pointer, message: 'refused by BroadWorks' }] : undefined,
    });
  }

  private notFound(op: CompiledOperation): ApiFailure {
    return new ApiFailure('resource-not-found', `${op.existsWhat ?? 'resource'} not found`);
  }

  private store(scope: Scope, sent: Sent[]): void {
    for (const s of sent) {
      const alias = s.spec.alias;
      if (!alias) continue;
      const body = s.result.kind === 'data' ? s.result.body : undefined;
      if (s.spec.fanOut) {
        const list = Array.isArray(scope.results[alias]) ? (scope.results[alias] as unknown[]) : [];
        list[s.row] = body;
        scope.results[alias] = list as never;
      } else {
        scope.results[alias] = body;
      }
    }
  }
}

/** An ErrorResponse of severity Error (Warning and Info are not refusals: see showsRequested). */
function isError(r: OciResult): boolean {
  return r.kind === 'error' && r.severity === 'Error';
}

/**
 * True when the answer (the state read back) shows every requested value it has a field for,
 * and at least one: a write answered with a Warning then counts as applied.
 */
export function showsRequested(requested: unknown, state: unknown): boolean {
  let compared = 0;
  const shows = (want: unknown, have: unknown): boolean => {
    if (want === undefined) return true;
    if (Array.isArray(want))
      return Array.isArray(have) && have.length === want.length && want.every((w, i) => shows(w, have[i]));
    if (want !== null && typeof want === 'object') {
      if (have === null || typeof have !== 'object' || Array.isArray(have)) return false;
      return Object.entries(want).every(([k, w]) => !(k in have) || shows(w, (have as Record<string, unknown>)[k]));
    }
    compared += 1;
    return want === have;
  };
  return shows(requested, state) && compared > 0;
}
