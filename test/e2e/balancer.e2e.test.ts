import { request } from 'undici';
import { startSimulator, type Simulator } from '../../src/simulator';
import { eventually } from '../helpers/eventually';
import { describeWithNginx, startNginx, type Nginx } from '../helpers/nginx';
import { describeWithRedis, startRedis, type RedisServer } from '../helpers/redis-server';
import { startOciRelay, type OciRelay } from './helpers/oci-relay';
import { call, startReplicas, token, type Replica } from './helpers/replicas';

/**
 * The shipped balancer rules (deploy/nginx/proxy.conf, unchanged) in front of two gateway
 * processes on one simulator and one Redis: a write whose answer is lost — BroadWorks ran it,
 * the answer never came back, or the replica died with it — is never sent to the other
 * replica. The simulator sees the write once; the client gets 502/504 (outcome unknown). A read
 * moves to the other replica.
 *
 * Each replica reaches the simulator through its own relay, which tells which replica sent a
 * write, can hold the write's answer (so the replica can be killed while it waits for it) and
 * can cut a replica off from BroadWorks.
 */

const EXEC = '/api/v1/tenants/acme-ent/groups/acme-hq/users/exec1%40acme.example.com/services/executive/';
const PROBLEM = 'https://oci-gateway.dev/problems/';
const WRITE = /(Modify|Add|Delete)/;

interface Sent {
  method: string;
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

interface Raw {
  status: number;
  contentType: string;
  text: string;
}

/** One request through nginx; the answer raw (nginx's own errors are HTML). */
async function through(lb: Nginx, r: Sent): Promise<Raw> {
  const headers: Record<string, string> = { authorization: `Bearer ${await token()}`, ...r.headers };
  if (r.body !== undefined) headers['content-type'] = 'application/json';
  const res = await request(lb.url + r.path, {
    method: r.method as 'GET',
    headers,
    body: r.body === undefined ? undefined : JSON.stringify(r.body),
  });
  return {
    status: res.statusCode,
    contentType: String(res.headers['content-type'] ?? ''),
    text: await res.body.text(),
  };
}

describeWithNginx('the shipped nginx rules in front of two replicas', () => {
  describeWithRedis('on one simulator and one Redis', () => {
    let sim: Simulator;
    let redis: RedisServer;
    let relays: OciRelay[];
    let replicas: Replica[];
    let lb: Nginx;
    let serial = 0;

    const envOf = (i: number) => ({ OCI_URL: relays[i].url, REDIS_URL: redis.url, OCI_TIMEOUT_MS: '3000' });
    const writesAtBroadWorks = () =>
      sim
        .requestLog()
        .flatMap((e) => e.commandTypes)
        .filter((t) => WRITE.test(t)).length;

    /** The writes under test, each prepared on a replica directly (not through nginx). */
    const writes: { name: string; prepare: () => Promise<Sent> }[] = [
      {
        name: 'PUT without If-Match',
        prepare: () =>
          Promise.resolve({ method: 'PUT', path: EXEC + 'screening/', body: { enabled: serial % 2 === 0 } }),
      },
      {
        name: 'PUT with If-Match',
        prepare: async () => {
          const current = await call(replicas[0], 'GET', EXEC + 'alerting/');
          const next = (Number(current.json.nextAssistantAfter) % 20) + 1;
          return {
            method: 'PUT',
            path: EXEC + 'alerting/',
            body: { nextAssistantAfter: next },
            headers: { 'if-match': current.headers.etag },
          };
        },
      },
      {
        name: 'POST',
        prepare: () =>
          Promise.resolve({ method: 'POST', path: EXEC + 'criteria/', body: { name: `Balancer ${serial}` } }),
      },
      {
        name: 'DELETE',
        prepare: async () => {
          const name = `Balancer delete ${serial}`;
          expect((await call(replicas[1], 'POST', EXEC + 'criteria/', { body: { name } })).status).toBe(200);
          return { method: 'DELETE', path: `${EXEC}criteria/${encodeURIComponent(name)}/` };
        },
      },
    ];

    beforeAll(async () => {
      sim = await startSimulator({ quiet: true });
      redis = await startRedis();
      relays = [await startOciRelay(sim.url), await startOciRelay(sim.url)];
      replicas = [...(await startReplicas(1, envOf(0))), ...(await startReplicas(1, envOf(1)))];
    }, 60_000);
    afterAll(async () => {
      await lb?.stop();
      await Promise.all((replicas ?? []).map((r) => r.stop()));
      await Promise.all((relays ?? []).map((r) => r.close()));
      await redis?.stop();
      await sim?.close();
    });
    beforeEach(async () => {
      serial += 1;
      await sim.setFaults({ faultAfterExecute: 'none', faultOnce: false });
      for (const r of replicas) await eventually(async () => (await fetch(`${r.url}/readyz`)).ok, `${r.name} ready`);
      // A fresh nginx each time: no failure mark or connection of the previous test carries over.
      lb = await startNginx(replicas.map((r) => r.url));
    }, 60_000);
    afterEach(async () => {
      for (const r of relays) {
        r.holdWrites(false);
        r.cutOff(false);
      }
      await lb.stop();
    });

    describe('(a) BroadWorks runs the write and its answer is lost', () => {
      it.each(writes)('$name: one write at BroadWorks, 502/504 outcome unknown to the client', async (w) => {
        const sent = await w.prepare();
        await sim.setFaults({ faultAfterExecute: 'no-ocs-connection', faultOn: 'writes', faultOnce: true });
        sim.clearRequestLog();
        const before = relays.map((r) => r.writes());
        const answer = await through(lb, sent);
        expect([502, 504]).toContain(answer.status);
        expect((JSON.parse(answer.text) as { type: string }).type).toBe(PROBLEM + 'outcome-unknown');
        expect(writesAtBroadWorks()).toBe(1);
        // Through one replica only: nginx did not offer it to the other one.
        expect(relays.map((r, i) => r.writes() - before[i]).sort()).toEqual([0, 1]);
      });
    });

    describe('(b) the replica dies while BroadWorks runs the write', () => {
      it.each(writes)(
        '$name: one write at BroadWorks, 502/504 from nginx',
        async (w) => {
          const sent = await w.prepare();
          sim.clearRequestLog();
          const before = relays.map((r) => r.writes());
          for (const r of relays) r.holdWrites(true);
          const pending = through(lb, sent);
          await eventually(() => writesAtBroadWorks() === 1, 'the write to reach BroadWorks');
          const victim = relays.findIndex((r, i) => r.writes() > before[i]);
          // The other replica answers at once: a write resent to it would come back 2xx/4xx.
          relays[1 - victim].holdWrites(false);
          await replicas[victim].kill();
          const answer = await pending;
          expect([502, 504]).toContain(answer.status);
          expect(writesAtBroadWorks()).toBe(1);
          expect(relays[1 - victim].writes()).toBe(before[1 - victim]);
          relays[victim].holdWrites(false);
          // The killed replica is replaced for the next case; the executive's write lock it held
          // in Redis lasts until its TTL (2 × OCI_TIMEOUT_MS + 1 s), then writes go through again.
          [replicas[victim]] = await startReplicas(1, envOf(victim));
          await eventually(
            async () =>
              (await call(replicas[1 - victim], 'PUT', EXEC + 'screening/', { body: { enabled: true } })).status ===
              200,
            "the killed replica's write lock to expire",
            { withinMs: 30_000, everyMs: 200 },
          );
        },
        60_000,
      );
    });

    it('a GET that one replica cannot serve moves to the other', async () => {
      // Replica 1 is cut off from BroadWorks: its reads fail with 5xx. Round robin sends one of
      // the two GETs to it first.
      relays[0].cutOff(true);
      const failedBefore = await serverErrors(replicas[0]);
      const answers = [await through(lb, { method: 'GET', path: EXEC + 'alerting/' })];
      answers.push(await through(lb, { method: 'GET', path: EXEC + 'alerting/' }));
      expect(answers.map((a) => a.status)).toEqual([200, 200]);
      expect(await serverErrors(replicas[0])).toBe(failedBefore + 1);
    });
  });
});

/** GETs a replica answered with 5xx so far, from its own /metrics. */
async function serverErrors(r: Replica): Promise<number> {
  const text = await (await fetch(`${r.url}/metrics`)).text();
  let n = 0;
  for (const line of text.split('\n')) {
    const m = line.match(/^http_requests_total\{(.*)\} (\S+)$/);
    if (m && m[1].includes('method="GET"') && /status="5\d\d"/.test(m[1]) && m[1].includes('alerting'))
      n += Number(m[2]);
  }
  return n;
}
