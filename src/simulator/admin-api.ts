import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { DataSetError, parseDataSet } from './data-schema';
import { loadDemoData, type DemoData } from './demo-data';
import type { Faults, RequestLogEntry, SimulatorStats } from './types';

export const ADMIN_PREFIX = '/__simulator/';

const faultsSchema = z
  .object({
    latencyMs: z.number().int().min(0).max(600_000),
    errorRate: z.number().min(0).max(1),
    dropRate: z.number().min(0).max(1),
    dropPhase: z.enum(['before', 'after']),
    expireSessionsEvery: z.number().int().min(0),
    down: z.boolean(),
    replyMode: z.enum(['normal', 'malformed', 'doctype', 'oversized', 'html']),
    faultAfterExecute: z.enum(['none', 'no-ocs-connection', 'invalid-request', 'server-fault']),
    faultOn: z.enum(['writes', 'all']),
    faultOnce: z.boolean(),
    faultForm: z.enum(['soap-fault', 'error-response']),
    rejectDocumentCode: z.number().int().min(0).max(99_999),
    replyEncoding: z.enum(['', 'ISO8859_1', 'ISO-8859-1', 'latin1']),
    warnCommand: z.string().max(200),
    warnApplies: z.boolean(),
    prefixErrorChildren: z.boolean(),
    refuseLogin22V5: z.boolean(),
    notAssignedCode: z.number().int().min(1).max(99_999),
    socketFault: z.enum(['none', 'close-after-write', 'stall-halfway', 'glued-replies']),
    // Only over HTTP: once down, the admin API is unreachable, so it can come back by itself.
    downForMs: z.number().int().min(1).max(600_000),
  })
  .partial()
  .strict();

export interface AdminTarget {
  faults(): Faults;
  setFaults(f: Partial<Faults>): Promise<void>;
  reset(): void;
  forceLogout(): void;
  requestLog(): RequestLogEntry[];
  clearRequestLog(): void;
  stats(): SimulatorStats;
  scheduleUp(ms: number): void;
  data(): DemoData;
  replaceData(data: DemoData): void;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** The small JSON admin API under /__simulator/. */
export async function handleAdmin(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  body: string,
  t: AdminTarget,
): Promise<void> {
  const route = `${req.method} ${path.slice(ADMIN_PREFIX.length)}`;
  switch (route) {
    case 'GET faults':
      return json(res, 200, t.faults());
    case 'PUT faults': {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body || '{}');
      } catch {
        return json(res, 400, { error: 'body is not JSON' });
      }
      const r = faultsSchema.safeParse(parsed);
      if (!r.success)
        return json(res, 400, { error: r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
      const { downForMs, ...faults } = r.data;
      if (downForMs !== undefined) {
        faults.down = true;
        t.scheduleUp(downForMs);
      }
      // Answer first: going down closes this very connection.
      json(res, 200, { ...t.faults(), ...faults });
      await t.setFaults(faults);
      return;
    }
    case 'POST reset':
      t.reset();
      return json(res, 200, { ok: true });
    case 'POST logout-all':
      t.forceLogout();
      return json(res, 200, { ok: true });
    case 'GET requests':
      return json(res, 200, t.requestLog());
    case 'DELETE requests':
      t.clearRequestLog();
      return json(res, 200, { ok: true });
    case 'GET stats':
      return json(res, 200, t.stats());
    case 'GET data':
      return json(res, 200, t.data());
    case 'PUT data': {
      let data: DemoData;
      try {
        data = parseDataSet(JSON.parse(body || 'null'));
      } catch (err) {
        if (err instanceof SyntaxError) return json(res, 400, { error: `body is not JSON: ${err.message}` });
        if (err instanceof DataSetError) return json(res, 400, { error: err.message });
        throw err;
      }
      t.replaceData(data);
      return json(res, 200, { ok: true, users: data.users.length });
    }
    case 'DELETE data':
      t.replaceData(loadDemoData());
      return json(res, 200, { ok: true });
    default:
      return json(res, 404, { error: `no admin route ${route}` });
  }
}
