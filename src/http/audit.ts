import type { Principal } from './principal';

export type AuditOutcome = 'applied' | 'not-applied' | 'unknown';

export interface AuditLogger {
  info(obj: object, msg?: string): void;
}

/** The one structured line written for every write request. */
export function auditWrite(
  logger: AuditLogger | undefined,
  entry: {
    requestId?: string;
    principal?: Principal;
    method: string;
    path: string;
    ociCommands: string[];
    outcome: AuditOutcome;
    /** An assistant acting for this executive (delegation). */
    actingFor?: string;
  },
): void {
  logger?.info(
    {
      requestId: entry.requestId,
      audit: {
        sub: entry.principal?.sub ?? null,
        level: entry.principal?.level ?? null,
        ...(entry.actingFor !== undefined ? { actingFor: entry.actingFor } : {}),
        method: entry.method,
        path: entry.path,
        ociCommands: entry.ociCommands,
        outcome: entry.outcome,
      },
    },
    'audit',
  );
}
