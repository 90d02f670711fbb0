import { readFileSync } from 'node:fs';
import type { Auth } from './create-auth';

interface DemoUser {
  userId: string;
  serviceProviderId: string;
  groupId: string;
  executive?: { assistants?: { userId: string; optIn: boolean }[] };
}

export interface DemoTokenOptions {
  /** Where the gateway listens, for the curl line. */
  baseUrl?: string;
  /**
   * The demo data (the built-in simulator's fixtures/demo-data.json, read at call time): named by
   * the composition root, since the REST edge knows nothing of the simulator.
   */
  dataFile: string;
  ttlSeconds?: number;
}

/**
 * Demo mode (no AUTH_JWT_SECRET, built-in simulator): prints a system token, an end-user
 * token for the demo executive named in demo-data.json "_readme", and a curl line to try;
 * then a token of one of its opted-in assistants and a curl of the assistant acting for it.
 */
export async function printDemoTokens(
  auth: Pick<Auth, 'issueToken'>,
  write: (line: string) => void,
  opts: DemoTokenOptions,
): Promise<void> {
  const data = JSON.parse(readFileSync(opts.dataFile, 'utf8')) as {
    _readme?: string[];
    users?: DemoUser[];
  };
  const exec = demoExecutive(data);
  const ttl = opts.ttlSeconds ?? 12 * 3600;
  const system = await auth.issueToken({ sub: 'demo-system', level: 'system' }, ttl);
  const user = await auth.issueToken(
    { sub: exec.userId, level: 'user', tenantId: exec.serviceProviderId, groupId: exec.groupId, userId: exec.userId },
    ttl,
  );
  const base = (opts.baseUrl ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
  const path = `/api/v1/tenants/${enc(exec.serviceProviderId)}/groups/${enc(exec.groupId)}/users/${enc(exec.userId)}/services/executive/alerting/`;
  write(
    `Demo mode: tokens signed with a secret generated at start-up (valid ${Math.round(ttl / 3600)} h, lost on restart).`,
  );
  write(`System token:\n  ${system}`);
  write(`End-user token for ${exec.userId} (${exec.serviceProviderId}/${exec.groupId}):\n  ${user}`);
  write(`Try:\n  curl -s -H 'Authorization: Bearer ${user}' '${base}${path}'`);
  const asst = (data.users ?? []).find((u) => u.userId === exec.executive?.assistants?.find((a) => a.optIn)?.userId);
  if (!asst) return;
  const asstToken = await auth.issueToken(
    { sub: asst.userId, level: 'user', tenantId: asst.serviceProviderId, groupId: asst.groupId, userId: asst.userId },
    ttl,
  );
  const userPath = (u: DemoUser) =>
    `/api/v1/tenants/${enc(u.serviceProviderId)}/groups/${enc(u.groupId)}/users/${enc(u.userId)}/services/`;
  write(`End-user token for ${asst.userId}, an opted-in assistant of ${exec.userId}:\n  ${asstToken}`);
  write(
    `Its executives and divert settings:\n  curl -s -H 'Authorization: Bearer ${asstToken}' '${base}${userPath(asst)}executive_assistant/executives/'`,
  );
  write(
    `Acting for ${exec.userId} (delegation):\n  curl -s -H 'Authorization: Bearer ${asstToken}' '${base}${userPath(exec)}executive/filtering/'`,
  );
}

function enc(s: string): string {
  return encodeURIComponent(s);
}

// The "_readme" line "Executives: <id> (…)" names the demo executive; the users list has its ids.
function demoExecutive(data: { _readme?: string[]; users?: DemoUser[] }): DemoUser {
  const users = data.users ?? [];
  const line = (data._readme ?? []).find((l) => l.startsWith('Executives:'));
  const named = line ? /^Executives:\s*([^\s(,]+)/.exec(line)?.[1] : undefined;
  const exec = users.find((u) => u.userId === named) ?? users.find((u) => u.executive !== undefined);
  if (!exec) throw new Error('demo-data.json names no executive user');
  return exec;
}
