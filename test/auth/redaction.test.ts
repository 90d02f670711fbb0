import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signedPassword } from '../../src/oci/login';
import { call, startGateway, userBase, type Gateway } from '../helpers/gateway';
import { startProxy } from '../oci/helpers/proxy';

/**
 * The whole gateway (startGateway: createApp, createLogger, the OCI client and its log observer)
 * at LOG_LEVEL=trace, its raw log output captured to a file, driven over HTTP through every
 * operation, login, refresh and error path; then no credential that crossed it may be in the output.
 */

const JWT_SECRET = 'redaction-suite-jwt-secret-5b1f0c9e7d2a4e8f';
const EXEC1 = 'exec1@acme.example.com';
const EXEC = userBase('acme-ent', 'acme-hq', EXEC1) + 'services/executive/';
const OTHER_EXEC = userBase('acme-ent', 'acme-hq', 'exec2@acme.example.com') + 'services/executive/';

/** A secret as it may appear in a JSON log line: raw, or JSON-escaped. */
function forms(secret: string): string[] {
  return [secret, JSON.stringify(secret).slice(1, -1)];
}

/** The secrets found in `output` (empty when none leaked). */
function leaks(output: string, secrets: string[]): string[] {
  return secrets.filter((s) => forms(s).some((f) => output.includes(f)));
}

/** A token and its signature: a line holding only the signature still leaks the token. */
function tokenParts(token: string): string[] {
  return [token, token.split('.')[2]];
}

/** A login or refresh answer (a problem+json answer has neither field). */
type TokenPair = { accessToken: string; refreshToken: string };

const sha1 = (s: string) => createHash('sha1').update(s, 'utf8').digest('hex');

/**
 * A loopback proxy in front of the simulator that keeps every reply body: the nonces of
 * AuthenticationResponse only travel in replies, and the simulator logs requests only.
 */
async function startReplyTap(target: string): Promise<{ url: string; replies: string[]; close(): Promise<void> }> {
  const replies: string[] = [];
  const proxy = await startProxy(target, undefined, undefined, (reply) => {
    replies.push(reply);
    return reply;
  });
  return { url: proxy.origin, replies, close: proxy.close };
}

describe('logs at LOG_LEVEL=trace carry no secret, token, password, signed password or nonce', () => {
  test('the search finds a planted secret in JSON log lines (control)', () => {
    const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
    const line = `{"level":"debug","msg":"x","authorization":"Bearer ${token}","nonce":"1712345678901001","pw":"a\\"b"}\n`;
    expect(leaks(line, [...tokenParts(token), '1712345678901001', 'a"b', 'not-there'])).toEqual([
      ...tokenParts(token),
      '1712345678901001',
      'a"b',
    ]);
    expect(leaks(`{"sig":"${token.split('.')[2]}"}`, tokenParts(token))).toEqual([token.split('.')[2]]);
    expect(leaks('', ['x'])).toEqual([]);
  });

  test('when the gateway serves all 13 operations, logins right and wrong, refreshes and 400/401/403/404 answers, then none of them is in its output', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-redaction-'));
    const logFile = join(dir, 'gateway.log');
    let tap: Awaited<ReturnType<typeof startReplyTap>> | undefined;
    let gw: Gateway | undefined;
    const secrets: string[] = [JWT_SECRET, 'admin-password', sha1('admin-password')];
    try {
      gw = await startGateway({
        env: { LOG_LEVEL: 'trace', AUTH_JWT_SECRET: JWT_SECRET },
        logFile,
        primaryUrl: async (sim) => {
          tap = await startReplyTap(sim.origin);
          return tap.url + new URL(sim.url).pathname;
        },
      });
      const g = gw;
      const login = async (userId: string, password: string) => {
        secrets.push(password, sha1(password));
        const res = await fetch(`${g.url}/api/v1/login/`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ userId, password }),
        });
        return { status: res.status, body: (await res.json()) as TokenPair };
      };
      const refresh = async (refreshToken: string) => {
        const res = await fetch(`${g.url}/api/v1/login/refresh/`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ refreshToken }),
        });
        return { status: res.status, body: (await res.json()) as TokenPair };
      };
      const issued = (pair: TokenPair) =>
        secrets.push(...tokenParts(pair.accessToken), ...tokenParts(pair.refreshToken));

      // Logins, right and wrong, and refreshes.
      const exec1 = await login(EXEC1, 'exec1-password');
      const admin = await login('acme-admin', 'acme-password');
      expect([exec1.status, admin.status]).toEqual([200, 200]);
      issued(exec1.body);
      issued(admin.body);
      expect((await login(EXEC1, 'wrong-password-4711')).status).toBe(401);
      expect((await login('nobody@acme.example.com', 'guess-password-0815')).status).toBe(401);
      expect((await login(' acme-admin', 'invalid-body-password-42')).status).toBe(400);
      const exec1b = await refresh(exec1.body.refreshToken);
      const adminb = await refresh(admin.body.refreshToken);
      expect([exec1b.status, adminb.status]).toEqual([200, 200]);
      issued(exec1b.body);
      issued(adminb.body);
      expect((await refresh(exec1.body.accessToken)).status).toBe(401);

      const system = await g.token();
      const forged = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4IiwibGV2ZWwiOiJzeXN0ZW0ifQ.Zm9yZ2VkLXNpZ25hdHVyZS12YWx1ZQ';
      secrets.push(...tokenParts(system), ...tokenParts(forged));

      // The 13 operations, with the tokens the logins issued (end user, tenant admin) and a system token.
      const user = exec1b.body.accessToken;
      const tenant = adminb.body.accessToken;
      const criteria = {
        name: 'Redaction check',
        timeSchedule: { level: 'User', name: 'Office hours', type: 'Time' },
        filter: false,
        fromDnCriteria: {
          selection: 'Specified Only',
          includeAnonymousCallers: true,
          includeUnavailableCallers: false,
          phoneNumbers: ['+3223661285'],
        },
        active: true,
      };
      const sweep: [string, string, string, unknown?][] = [
        [user, 'GET', 'available_assistants/?sameGroupOnly=true'],
        [user, 'GET', 'assistants/'],
        [tenant, 'PUT', 'assistants/', { allowOptInOut: false, assistantUserIds: ['asst1@acme.example.com'] }],
        [user, 'GET', 'filtering/'],
        [
          tenant,
          'PUT',
          'filtering/',
          { enabled: true, mode: 'Advanced', type: 'All Calls', criteria: [{ name: 'VIP callers', active: false }] },
        ],
        [user, 'GET', 'screening/'],
        [user, 'PUT', 'screening/', { enabled: true, alertType: 'Ring Splash' }],
        [tenant, 'GET', 'alerting/'],
        [tenant, 'PUT', 'alerting/', { mode: 'Sequential', callPushRecallAfter: 4, rolloverWaitTime: 30 }],
        [system, 'POST', 'criteria/', criteria],
        [system, 'GET', 'criteria/Redaction%20check/'],
        [system, 'PUT', 'criteria/Redaction%20check/', { name: 'Redaction renamed', active: false }],
        [system, 'DELETE', 'criteria/Redaction%20renamed/'],
      ];
      for (const [token, method, path, body] of sweep) {
        const res = await call(g, method, EXEC + path, { token, body });
        expect(`${method} ${path} ${res.status}`).toBe(`${method} ${path} 200`);
      }

      // Error answers.
      const noToken = await fetch(g.url + EXEC + 'alerting/');
      expect(noToken.status).toBe(401);
      expect((await call(g, 'GET', EXEC + 'alerting/', { token: forged })).status).toBe(401);
      expect((await call(g, 'GET', EXEC + 'alerting/', { token: exec1.body.refreshToken })).status).toBe(401);
      expect((await call(g, 'GET', OTHER_EXEC + 'alerting/', { token: user })).status).toBe(403);
      expect(
        (await call(g, 'PUT', EXEC + 'alerting/', { token: tenant, body: { rolloverWaitTime: 'soon' } })).status,
      ).toBe(400);
      expect(
        (
          await call(g, 'GET', '/api/v1/tenants/acme-ent/groups/acme-hq/users/%/services/executive/alerting/', {
            token: system,
          })
        ).status,
      ).toBe(400);
      expect((await call(g, 'GET', EXEC + 'criteria/No%20such/', { token: user })).status).toBe(404);
      expect((await call(g, 'GET', '/api/v1/nothing-here/', { token: system })).status).toBe(404);

      // What crossed the wire to BroadWorks: signed passwords (requests) and nonces (replies).
      const signed = g.sim
        .requestLog()
        .flatMap((e) => [...e.xml.matchAll(/<signedPassword>([^<]+)<\/signedPassword>/g)].map((m) => m[1]));
      const nonces = tap!.replies.flatMap((r) =>
        [...r.matchAll(/(?:<|&lt;)nonce(?:>|&gt;)([^<&]+)(?:<|&lt;)\/nonce/g)].map((m) => m[1]),
      );
      // Gateway sessions plus 4 logins that reached BroadWorks, one nonce per signed password.
      expect(signed.length).toBeGreaterThanOrEqual(5);
      expect(nonces.length).toBe(signed.length);
      // The tap read the right values: the nonce of exec1's login signs its password into what was sent.
      expect(nonces.some((n) => signed.includes(signedPassword(n, 'exec1-password')))).toBe(true);
      secrets.push(...signed, ...nonces);
    } finally {
      await gw?.close();
      await tap?.close();
    }

    const output = readFileSync(logFile, 'utf8');
    rmSync(dir, { recursive: true, force: true });
    // The capture is the gateway's real output at trace level and saw this traffic (else the search proves nothing).
    const lines = output
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.length).toBeGreaterThan(50);
    expect(
      lines.some(
        (l) =>
          l.level === 'debug' &&
          l.msg === 'oci document' &&
          JSON.stringify(l).includes('UserExecutiveModifyScreeningAlertingRequest'),
      ),
    ).toBe(true);
    expect(
      lines.some(
        (l) =>
          l.msg === 'oci document' &&
          JSON.stringify(l).includes('UserExecutiveDeleteFilteringSelectiveCriteriaRequest'),
      ),
    ).toBe(true);
    expect(output).toContain('"event":"login"');
    expect(output).toContain('"event":"login-failed"');
    expect(output).toContain('"msg":"audit"');
    const statuses = new Set(
      lines.filter((l) => l.msg === 'request completed').map((l) => (l.res as { statusCode: number }).statusCode),
    );
    for (const s of [200, 400, 401, 403, 404]) expect(statuses).toContain(s);

    expect(secrets.length).toBeGreaterThan(30);
    for (const s of secrets) expect(s.length).toBeGreaterThanOrEqual(8);
    expect(leaks(output, secrets)).toEqual([]);
  });
});
