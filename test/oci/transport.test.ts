import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { listen } from '../helpers/listen';
import { Pool } from 'undici';
import { CookieJar } from '../../src/oci/cookie-jar';
import { OciError } from '../../src/oci/errors';
import { classifyTransportError, SoapTransport } from '../../src/oci/transport';
import { buildXml, ATTR } from '../../src/oci/xml';
import { buildDocument } from '../../src/oci/document';

// Every sent document is XSD-checked at the end of the run, so tests send a valid one.
const DOC = buildDocument({ sessionId: 's', commands: [{ type: 'VerifySessionIsValidRequest', body: {} }] });

/** A loopback server answering every POST with what `reply` says. */
async function tinyServer(
  reply: (n: number) => { status?: number; type: string; body: Buffer | string; cookie?: string },
) {
  const seen: IncomingHttpHeaders[] = [];
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      seen.push(req.headers);
      const r = reply(seen.length);
      const headers: Record<string, string> = { 'content-type': r.type };
      if (r.cookie) headers['set-cookie'] = r.cookie;
      res.writeHead(r.status ?? 200, headers);
      res.end(r.body);
    });
  });
  const { url: origin, close } = await listen(server);
  return { origin, url: `${origin}/webservice/services/ProvisioningService`, seen, close };
}

const envelopeOf = (inner: string) =>
  `<?xml version="1.0" encoding="ISO-8859-1"?>${buildXml({
    'soapenv:Envelope': {
      [`${ATTR}xmlns:soapenv`]: 'http://schemas.xmlsoap.org/soap/envelope/',
      'soapenv:Body': {
        processOCIMessageResponse: {
          'ns1:processOCIMessageReturn': { [`${ATTR}xmlns:ns1`]: 'urn:com:broadsoft:webservice', '#text': inner },
        },
      },
    },
  })}`;

const INNER =
  '<BroadsoftDocument protocol="OCI" xmlns="C"><sessionId xmlns="">s</sessionId><command xsi:type="X" xmlns=""><name>Zoë Ñandú</name></command></BroadsoftDocument>';

async function failureOf(p: Promise<unknown>): Promise<OciError> {
  try {
    await p;
  } catch (err) {
    return err as OciError;
  }
  throw new Error('expected a failure');
}

describe('SOAP transport over an undici Pool', () => {
  let pools: Pool[] = [];
  const transportFor = (origin: string, url: string, max?: number) => {
    const pool = new Pool(origin);
    pools.push(pool);
    return new SoapTransport(url, pool, max);
  };
  afterEach(async () => {
    await Promise.all(pools.map((p) => p.close()));
    pools = [];
  });

  test('decodes an ISO-8859-1 reply by its HTTP charset, sends the SOAP headers and replays the cookie', async () => {
    const srv = await tinyServer((n) => ({
      type: 'text/xml; charset=ISO-8859-1',
      body: Buffer.from(envelopeOf(INNER), 'latin1'),
      cookie: n === 1 ? 'JSESSIONID=ABC123; Path=/webservice; HttpOnly' : undefined,
    }));
    try {
      const t = transportFor(srv.origin, srv.url);
      const jar = new CookieJar();
      // The bytes of "ë" in Latin-1 are not valid UTF-8: a UTF-8 decode would garble them.
      expect(Buffer.from(envelopeOf(INNER), 'latin1').toString('utf8')).not.toContain('Zoë');
      expect(await t.exchange(DOC, { jar }, AbortSignal.timeout(2000))).toBe(INNER);
      await t.exchange(DOC, { jar }, AbortSignal.timeout(2000));
      expect(srv.seen[0]['content-type']).toBe('text/xml; charset=utf-8');
      expect(srv.seen[0].soapaction).toBe('""');
      expect(srv.seen[0].cookie).toBeUndefined();
      expect(srv.seen[1].cookie).toBe('JSESSIONID=ABC123');
    } finally {
      await srv.close();
    }
  });

  test('UTF-8 is the default when neither the charset nor the XML declaration names one', async () => {
    const body = Buffer.from(envelopeOf(INNER).replace(/^<\?xml[^>]*\?>/, ''), 'utf8');
    const srv = await tinyServer(() => ({ type: 'text/xml', body }));
    try {
      expect(
        await transportFor(srv.origin, srv.url).exchange(DOC, { jar: new CookieJar() }, AbortSignal.timeout(2000)),
      ).toBe(INNER);
    } finally {
      await srv.close();
    }
  });

  test.each(['ISO8859_1', 'ISO-8859-1', 'iso8859-1'])(
    'without an HTTP charset, the envelope declaration encoding="%s" decides (Java labels normalised)',
    async (label) => {
      const xml = envelopeOf(INNER).replace('encoding="ISO-8859-1"', `encoding="${label}"`);
      const srv = await tinyServer(() => ({ type: 'text/xml', body: Buffer.from(xml, 'latin1') }));
      try {
        expect(
          await transportFor(srv.origin, srv.url).exchange(DOC, { jar: new CookieJar() }, AbortSignal.timeout(2000)),
        ).toBe(INNER);
      } finally {
        await srv.close();
      }
    },
  );

  test('the HTTP charset wins over the XML declaration', async () => {
    const xml = envelopeOf(INNER).replace('encoding="ISO-8859-1"', 'encoding="ISO8859_1"');
    const srv = await tinyServer(() => ({ type: 'text/xml; charset=utf-8', body: Buffer.from(xml, 'utf8') }));
    try {
      expect(
        await transportFor(srv.origin, srv.url).exchange(DOC, { jar: new CookieJar() }, AbortSignal.timeout(2000)),
      ).toBe(INNER);
    } finally {
      await srv.close();
    }
  });

  test('non-2xx → bad-reply; 500 with a fault → soap-fault (classified later, by outcome.ts); too large → bad-reply', async () => {
    const faultXml =
      '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><soapenv:Fault><faultcode>soapenv:Server.generalException</faultcode><faultstring>INVALID_REQUEST</faultstring><detail><string>Cannot process any request before user is logged in.</string></detail></soapenv:Fault></soapenv:Body></soapenv:Envelope>';
    const replies = [
      { status: 503, type: 'text/xml', body: envelopeOf(INNER) },
      { status: 500, type: 'text/xml', body: faultXml },
      { status: 500, type: 'text/plain', body: 'oops' },
      { status: 200, type: 'text/xml', body: envelopeOf(INNER.repeat(10)) },
    ];
    const srv = await tinyServer((n) => replies[n - 1]);
    try {
      const t = transportFor(srv.origin, srv.url, 1000);
      const send = () => t.exchange(DOC, { jar: new CookieJar() }, AbortSignal.timeout(2000));
      expect((await failureOf(send())).kind).toBe('bad-reply');
      const fault = await failureOf(send());
      expect([fault.kind, fault.backend]).toEqual([
        'soap-fault',
        { summary: 'INVALID_REQUEST', detail: 'Cannot process any request before user is logged in.' },
      ]);
      expect((await failureOf(send())).kind).toBe('bad-reply');
      const big = await failureOf(send());
      expect([big.kind, big.message]).toEqual(['bad-reply', 'reply larger than 1000 bytes']);
    } finally {
      await srv.close();
    }
  });

  /** A loopback server that answers with headers and the first half of a reply, then `then` happens. */
  async function halfReplyServer(then: 'cut' | 'stall' | 'rest') {
    const body = Buffer.from(envelopeOf(INNER), 'latin1');
    const server: Server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'text/xml', 'content-length': String(body.length) });
        res.write(body.subarray(0, body.length >> 1));
        // The rest comes in a later write: the reader must join chunks, not take the first one.
        if (then === 'rest') setTimeout(() => res.end(body.subarray(body.length >> 1)), 20);
        if (then === 'cut') setTimeout(() => res.socket?.destroy(), 20);
      });
    });
    const { url: origin, close } = await listen(server);
    return { origin, url: `${origin}/webservice/services/ProvisioningService`, close };
  }

  test('a reply that arrives in several chunks is read whole', async () => {
    const srv = await halfReplyServer('rest');
    try {
      const t = transportFor(srv.origin, srv.url);
      expect(await t.exchange(DOC, { jar: new CookieJar() }, AbortSignal.timeout(2000))).toBe(INNER);
    } finally {
      await srv.close();
    }
  });

  test('a reply cut off after its headers is outcome-unknown (sent, the link lost), not a short document', async () => {
    const srv = await halfReplyServer('cut');
    try {
      const e = await failureOf(
        transportFor(srv.origin, srv.url).exchange(DOC, { jar: new CookieJar() }, AbortSignal.timeout(2000)),
      );
      expect([e.kind, e.sent, e.link]).toEqual(['outcome-unknown', true, true]);
    } finally {
      await srv.close();
    }
  });

  test('a reply that stalls halfway until the deadline is a timeout, marked as sent', async () => {
    const srv = await halfReplyServer('stall');
    try {
      const e = await failureOf(
        transportFor(srv.origin, srv.url).exchange(DOC, { jar: new CookieJar() }, AbortSignal.timeout(300)),
      );
      expect([e.kind, e.sent, e.timedOut]).toEqual(['timeout', true, true]);
    } finally {
      await srv.close();
    }
  });

  test('a refused connection is unavailable and marked as not sent', async () => {
    const srv = await tinyServer(() => ({ type: 'text/xml', body: '' }));
    await srv.close();
    const e = await failureOf(
      transportFor(srv.origin, srv.url).exchange(DOC, { jar: new CookieJar() }, AbortSignal.timeout(2000)),
    );
    expect([e.kind, e.sent]).toEqual(['unavailable', false]);
  });
});

describe('classifyTransportError', () => {
  test('a connect error is unavailable and unsent even when it surfaces after the deadline', () => {
    const late = classifyTransportError(
      Object.assign(new Error('Connect Timeout Error'), { code: 'UND_ERR_CONNECT_TIMEOUT' }),
      AbortSignal.abort(),
    );
    expect([late.kind, late.sent]).toEqual(['unavailable', false]);
    const reset = classifyTransportError(
      Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }),
      AbortSignal.abort(),
    );
    expect([reset.kind, reset.sent, reset.timedOut]).toEqual(['timeout', true, true]);
  });
});
