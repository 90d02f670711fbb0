// Logs in to a running simulator and prints what autocannon needs: the cookie and one
// document (UserExecutiveGetScreeningAlertingRequest) on that session, as JSON.
// Usage: node bench/lab/simulator-session.mjs http://127.0.0.1:PORT/webservice/services/ProvisioningService
import { randomUUID } from 'node:crypto';
import { buildDocument, parseReply } from '../../dist/src/oci/document.js';
import { ATTR, buildXml, parseXml, childByLocalName, rawText } from '../../dist/src/oci/xml.js';

const url = process.argv[2];
const sessionId = randomUUID();

function envelope(commands) {
  const inner = buildDocument({ sessionId, commands });
  return buildXml({
    'soapenv:Envelope': {
      [`${ATTR}xmlns:soapenv`]: 'http://schemas.xmlsoap.org/soap/envelope/',
      'soapenv:Body': { processOCIMessage: { arg0: inner } },
    },
  });
}

async function send(body, cookie) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'text/xml; charset=utf-8', ...(cookie ? { cookie } : {}) },
    body,
  });
  const text = await res.text();
  const env = childByLocalName(parseXml(text), 'Envelope');
  const ret = childByLocalName(
    childByLocalName(childByLocalName(env, 'Body'), 'processOCIMessageResponse'),
    'processOCIMessageReturn',
  );
  return { cookie: (res.headers.get('set-cookie') || '').split(';')[0], results: parseReply(rawText(ret)).results };
}

try {
  const login = await send(
    envelope([{ type: 'LoginRequest22V5', body: { userId: 'admin', password: 'admin-password' } }]),
  );
  if (login.results[0].kind !== 'data') throw new Error(`login failed: ${JSON.stringify(login.results[0])}`);
  const body = envelope([
    { type: 'UserExecutiveGetScreeningAlertingRequest', body: { userId: 'exec1@acme.example.com' } },
  ]);
  const check = await send(body, login.cookie);
  if (check.results[0].kind !== 'data') throw new Error(`probe failed: ${JSON.stringify(check.results[0])}`);
  process.stdout.write(JSON.stringify({ cookie: login.cookie, body }));
} catch (err) {
  process.stderr.write(`${err.stack}\n`);
  process.exit(1);
}
