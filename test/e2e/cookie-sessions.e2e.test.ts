import { startSimulator, type Simulator } from '../../src/simulator';
import { send, sessionCookie, expiresSession } from '../helpers/cookie-client';
import { eventually } from '../helpers/eventually';
import { describeWithNginx, startNginx, type Nginx } from '../helpers/nginx';
import { describeWithRedis, startRedis, type RedisServer } from '../helpers/redis-server';
import { startReplicas, type Replica } from './helpers/replicas';

const EXEC1 = 'exec1@acme.example.com';
const CREDENTIALS = { username: EXEC1, password: 'exec1-password' };
const ALERTING = '/api/v1/tenants/acme-ent/groups/acme-hq/users/exec1%40acme.example.com/services/executive/alerting/';

/**
 * APIO's cookie flow on two gateway processes sharing one Redis, behind the shipped nginx rules
 * (deploy/nginx/proxy.conf): a session opened on one replica is honoured and ended on the other,
 * and a logout by either the refresh token or the cookie ends both on every replica.
 */
describeWithNginx('cookie sessions on two replicas behind the shipped balancer', () => {
  describeWithRedis('with Redis', () => {
    let sim: Simulator;
    let redis: RedisServer;
    let replicas: Replica[];
    let lb: Nginx;
    let serial = 0;

    beforeAll(async () => {
      sim = await startSimulator({ quiet: true });
      redis = await startRedis();
      replicas = await startReplicas(2, { OCI_URL: sim.url, REDIS_URL: redis.url, TRUST_PROXY: 'loopback' });
      lb = await startNginx(replicas.map((r) => r.url));
    }, 60_000);
    afterAll(async () => {
      await lb?.stop();
      await Promise.all((replicas ?? []).map((r) => r.stop()));
      await redis?.stop();
      await sim?.close();
    });

    const login = async (base: string) => {
      const res = await send(base, 'POST', '/api/v1/login/', { body: CREDENTIALS });
      expect(res.status).toBe(200);
      return { cookie: sessionCookie(res)!, refreshToken: res.json!.refreshToken as string };
    };
    /** Which replica served a request through nginx, by the request id it logged. */
    const servedBy = (id: string) => replicas.filter((r) => r.output().includes(id)).map((r) => r.name);

    test('login on one replica, read and write with If-Match on the other, logout there: dead on both and through the balancer', async () => {
      const { cookie } = await login(replicas[0].url);
      const read = await send(replicas[1].url, 'GET', ALERTING, { cookie });
      expect(read.status).toBe(200);
      const next = (Number(read.json!.callPushRecallAfter) % 20) + 1;
      const put = await send(replicas[1].url, 'PUT', ALERTING, {
        cookie,
        headers: { 'if-match': read.headers.etag },
        body: { callPushRecallAfter: next },
      });
      expect(put.status).toBe(200);
      expect(put.headers['cache-control']).toBe('no-store');

      const out = await send(replicas[1].url, 'POST', '/api/v1/logout/', { cookie });
      expect(out.status).toBe(204);
      expect(expiresSession(out)).toBe(true);
      for (const base of [replicas[0].url, replicas[1].url, lb.url]) {
        const res = await send(base, 'GET', ALERTING, { cookie });
        expect(res.status).toBe(401);
        expect(expiresSession(res)).toBe(true);
      }
    });

    test('through the balancer: the cookie of one login is honoured by both replicas, and a logout through it ends the session everywhere', async () => {
      const { cookie } = await login(lb.url);
      const ids: string[] = [];
      // Round robin: within a few requests both replicas have served the same cookie.
      await eventually(async () => {
        const id = `cookie-e2e-${++serial}`;
        ids.push(id);
        const res = await send(lb.url, 'GET', ALERTING, { cookie, headers: { 'x-request-id': id } });
        expect(res.status).toBe(200);
        return new Set(ids.flatMap(servedBy)).size === 2;
      }, 'both replicas to serve the cookie');
      const out = await send(lb.url, 'POST', '/api/v1/logout/', { cookie });
      expect(out.status).toBe(204);
      for (const r of replicas) expect((await send(r.url, 'GET', ALERTING, { cookie })).status).toBe(401);
    });

    test('a logout by refresh token on one replica ends the cookie on the other, and a logout by cookie ends the refresh token', async () => {
      const a = await login(replicas[1].url);
      expect(
        (await send(replicas[0].url, 'POST', '/api/v1/logout/', { body: { refreshToken: a.refreshToken } })).status,
      ).toBe(204);
      expect((await send(replicas[1].url, 'GET', ALERTING, { cookie: a.cookie })).status).toBe(401);

      const b = await login(replicas[0].url);
      expect((await send(replicas[1].url, 'POST', '/api/v1/logout/', { cookie: b.cookie })).status).toBe(204);
      const refresh = await send(replicas[0].url, 'POST', '/api/v1/login/refresh/', {
        body: { refreshToken: b.refreshToken },
      });
      expect(refresh.status).toBe(401);
    });

    test('a login on one replica carrying an old cookie ends it on the other (no fixation)', async () => {
      const old = await login(replicas[0].url);
      const again = await send(replicas[1].url, 'POST', '/api/v1/login/', { body: CREDENTIALS, cookie: old.cookie });
      expect(again.status).toBe(200);
      const fresh = sessionCookie(again)!;
      expect(fresh).not.toBe(old.cookie);
      expect((await send(replicas[0].url, 'GET', ALERTING, { cookie: old.cookie })).status).toBe(401);
      expect((await send(replicas[0].url, 'GET', ALERTING, { cookie: fresh })).status).toBe(200);
    });
  });
});
