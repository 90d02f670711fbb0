import { MockAgent } from 'undici';
import { createOciClient } from '../../src/oci/client';
import { buildDocument, parseDocument, textOf } from '../../src/oci/document';
import { OciError } from '../../src/oci/errors';
import { ATTR, buildXml } from '../../src/oci/xml';

const SOAPENV = 'http://schemas.xmlsoap.org/soap/envelope/';
import { simulatorPerTest, testOptions } from './helpers/client-options';

const get = (i: number) => ({
  type: 'UserExecutiveGetFilteringRequest',
  body: { userId: `user${i}@acme.example.com` },
});

describe('batching and correlation', () => {
  const t = simulatorPerTest({ perFile: true });

  test('more than 15 commands go out as several documents, in order, each command echoing the request id', async () => {
    const docs: { commandTypes: string[]; outcome: string }[] = [];
    const logins: boolean[] = [];
    t.client = createOciClient(
      testOptions([t.sim.url], { observer: { onDocument: (e) => docs.push(e), onLogin: (e) => logins.push(e.ok) } }),
    );
    await t.client.start();
    expect(logins).toEqual([true]);
    docs.length = 0;
    t.sim.clearRequestLog();
    const commands = Array.from({ length: 33 }, (_, i) => get(i));
    const results = await t.client.execute(commands, { requestId: 'req-42' });
    expect(results).toHaveLength(33);
    expect(results.every((r) => r.echo === 'req-42')).toBe(true);
    const sent = t.sim.requestLog().map((e) => parseDocument(e.xml));
    expect(sent.map((d) => d.commands.length)).toEqual([15, 15, 3]);
    const userIds = sent.flatMap((d) => d.commands.map((c) => textOf(c.body, 'userId')));
    expect(userIds).toEqual(commands.map((c) => c.body.userId));
    expect(sent.flatMap((d) => d.commands.map((c) => c.echo))).toEqual(Array(33).fill('req-42'));
    expect(docs.map((d) => [d.commandTypes.length, d.outcome])).toEqual([
      [15, 'ok'],
      [15, 'ok'],
      [3, 'ok'],
    ]);
    expect(t.client.stats()).toEqual({
      backends: [{ url: t.sim.url, breaker: 'closed', sessions: 1, busy: 0, waiting: 0 }],
      logins: 1,
    });
  });

  test('without a request id no echo attribute is sent', async () => {
    t.client = createOciClient(testOptions([t.sim.url]));
    await t.client.start();
    t.sim.clearRequestLog();
    await t.client.execute([get(1)]);
    expect(t.sim.requestLog()[0].xml).not.toContain('echo=');
  });
});

describe('result count check', () => {
  test('a reply with more results than commands is bad-reply', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const origin = 'http://backend.test';
    // Answers every document with the right login replies, and two results for anything else.
    agent
      .get(origin)
      .intercept({ path: '/webservice/services/ProvisioningService', method: 'POST' })
      .reply(
        200,
        (opts) => {
          const body = typeof opts.body === 'string' ? opts.body : '';
          const commands = body.includes('AuthenticationRequest')
            ? [{ type: 'AuthenticationResponse', body: { userId: 'admin', nonce: '1', passwordAlgorithm: 'MD5' } }]
            : body.includes('LoginRequest14sp4')
              ? [
                  {
                    type: 'LoginResponse14sp4',
                    body: {
                      loginType: 'System',
                      locale: 'en_US',
                      encoding: 'UTF-8',
                      isEnterprise: 'false',
                      userDomain: 'x',
                    },
                  },
                ]
              : [
                  { type: 'c:SuccessResponse', body: {} },
                  { type: 'c:SuccessResponse', body: {} },
                ];
          const inner = buildDocument({ sessionId: 's', commands });
          return buildXml({
            'soapenv:Envelope': {
              [`${ATTR}xmlns:soapenv`]: SOAPENV,
              'soapenv:Body': { processOCIMessageResponse: { processOCIMessageReturn: inner } },
            },
          });
        },
        { headers: { 'content-type': 'text/xml; charset=utf-8' } },
      )
      .persist();
    const own = createOciClient(
      testOptions([`${origin}/webservice/services/ProvisioningService`], { dispatcherFactory: (o) => agent.get(o) }),
    );
    try {
      const e = (await own.execute([get(1)]).catch((err: unknown) => err)) as OciError;
      expect(e).toBeInstanceOf(OciError);
      expect([e.kind, e.message]).toEqual(['bad-reply', 'sent 1 commands, got 2 results']);
    } finally {
      await own.close();
      await agent.close();
    }
  });
});
