// The thinnest possible REST→OCI proxy, the yardstick of bench/run.mjs (issue 7):
// node:http, one keep-alive http.Agent, one logged-in session, pre-built request buffers,
// no parsing of the reply, a fixed small JSON answer.
// Usage: node bench/baseline.mjs <port> <ociUrl> <executiveUserId>
import http from 'node:http';
import { createRequire } from 'node:module';
import { logIn } from './oci-login.mjs';

const require = createRequire(import.meta.url);
const { buildDocument } = require('../dist/src/oci/document.js');
const { buildEnvelope } = require('../dist/src/oci/soap.js');

const [port, ociUrl, exec] = [Number(process.argv[2]), new URL(process.argv[3]), process.argv[4]];
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const sessionId = crypto.randomUUID();
let cookie = '';

function post(body) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      ociUrl,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'text/xml; charset=utf-8',
          soapaction: '""',
          'content-length': body.length,
          ...(cookie ? { cookie } : {}),
        },
      },
      (res) => {
        const set = res.headers['set-cookie'];
        if (set) cookie = set[0].split(';')[0];
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve(Buffer.concat(chunks).toString('latin1')));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const envelope = (commands) => Buffer.from(buildEnvelope(buildDocument({ sessionId, commands })));

await logIn(post, envelope, { program: 'baseline' });
const get = (type, extra = {}) => ({ type, body: { userId: exec, ...extra } });
// One pre-built document list per REST route: the same OCI traffic the gateway needs.
const routes = {
  alerting: [envelope([get('UserExecutiveGetScreeningAlertingRequest')])],
  screening: [
    envelope([
      {
        type: 'UserExecutiveModifyScreeningAlertingRequest',
        body: { userId: exec, enableScreening: 'true', screeningAlertType: 'Silent' },
      },
      get('UserExecutiveGetScreeningAlertingRequest'),
    ]),
  ],
  filtering: null,
};
// Filtering: settings, then every criteria's details (names read once here, at start-up).
const filteringReply = await post(envelope([get('UserExecutiveGetFilteringRequest')]));
const names = [
  ...filteringReply.matchAll(/&lt;row&gt;&lt;col&gt;(?:true|false)&lt;\/col&gt;&lt;col&gt;([^&]+)&lt;/g),
].map((m) => m[1]);
routes.filtering = [
  envelope([get('UserExecutiveGetFilteringRequest')]),
  envelope(names.map((n) => get('UserExecutiveGetFilteringSelectiveCriteriaRequest21', { criteriaName: n }))),
];
const answer = Buffer.from('{"ok":true}');

http
  .createServer(async (req, res) => {
    req.resume();
    const key = /\/executive\/([a-z_]+)/.exec(req.url ?? '')?.[1];
    const docs = routes[key];
    if (!docs) {
      res.writeHead(404).end();
      return;
    }
    try {
      for (const d of docs) await post(d);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': answer.length }).end(answer);
    } catch {
      res.writeHead(502).end();
    }
  })
  .listen(port, '127.0.0.1', () => process.stdout.write(`baseline listening on ${port} (${names.length} criteria)\n`));
