import { randomUUID } from 'node:crypto';
import { request } from 'undici';
import type { OciElement, OciResult } from '../../src/oci/command';
import { buildDocument, parseReply } from '../../src/oci/document';
import { ATTR, buildXml, childByLocalName, parseXml, rawText, RawElement } from '../../src/oci/xml';

/** One command to send: type, body and optional echo. */
export interface Cmd {
  type: string;
  body?: OciElement;
  echo?: string;
}

export interface Exchange {
  status: number;
  setCookie?: string;
  body: string;
  /** The inner reply document text (absent for faults). */
  inner?: string;
  results: OciResult[];
  fault?: { faultcode: string; faultstring: string; detail: string };
}

/** Wraps a BroadsoftDocument text in a processOCIMessage envelope (param name selectable). */
export function envelope(inner: string, param: 'arg0' | 'in0' = 'arg0'): string {
  return buildXml({
    'soapenv:Envelope': {
      [`${ATTR}xmlns:soapenv`]: 'http://schemas.xmlsoap.org/soap/envelope/',
      [`${ATTR}xmlns:xsi`]: 'http://www.w3.org/2001/XMLSchema-instance',
      [`${ATTR}xmlns:soapenc`]: 'http://schemas.xmlsoap.org/soap/encoding/',
      'soapenv:Body': { processOCIMessage: { [param]: { [`${ATTR}xsi:type`]: 'soapenc:string', '#text': inner } } },
    },
  });
}

/** POSTs a raw HTTP body to the endpoint and decodes the SOAP reply, if any. */
export async function post(url: string, body: string, cookie?: string): Promise<Exchange> {
  const res = await request(url, {
    method: 'POST',
    headers: {
      'content-type': 'text/xml; charset=utf-8',
      soapaction: '""',
      ...(cookie ? { cookie: `JSESSIONID=${cookie}` } : {}),
    },
    body,
  });
  const text = await res.body.text();
  const sc = res.headers['set-cookie'];
  const setCookie = (Array.isArray(sc) ? sc[0] : sc)?.match(/JSESSIONID=([^;]+)/)?.[1];
  const out: Exchange = { status: res.statusCode, setCookie, body: text, results: [] };
  if (!res.headers['content-type']?.toString().startsWith('text/xml')) return out;
  let tree: RawElement;
  try {
    tree = parseXml(text);
  } catch {
    return out;
  }
  const env = childByLocalName(tree, 'Envelope') as RawElement;
  const soapBody = childByLocalName(env, 'Body') as RawElement;
  const fault = childByLocalName(soapBody, 'Fault') as RawElement | undefined;
  if (fault) {
    const detail = childByLocalName(fault, 'detail') as RawElement | undefined;
    out.fault = {
      faultcode: rawText(childByLocalName(fault, 'faultcode')),
      faultstring: rawText(childByLocalName(fault, 'faultstring')),
      detail: detail ? rawText(childByLocalName(detail, 'string')) : '',
    };
    return out;
  }
  const resp = childByLocalName(soapBody, 'processOCIMessageResponse') as RawElement;
  out.inner = rawText(childByLocalName(resp, 'processOCIMessageReturn'));
  out.results = parseReply(out.inner).results;
  return out;
}

/** A test-side OCI session: keeps its cookie and sessionId like a real client. */
export class SimSession {
  cookie?: string;
  constructor(
    readonly url: string,
    public sessionId: string = randomUUID(),
  ) {}

  /** Sends commands in one document; remembers a new cookie. */
  async send(cmds: Cmd[], param: 'arg0' | 'in0' = 'arg0'): Promise<Exchange> {
    const inner = buildDocument({
      sessionId: this.sessionId,
      commands: cmds.map((c) => ({ type: c.type, echo: c.echo, body: c.body ?? {} })),
    });
    return this.sendRaw(envelope(inner, param));
  }

  async sendRaw(body: string): Promise<Exchange> {
    const ex = await post(this.url, body, this.cookie);
    if (ex.setCookie) this.cookie = ex.setCookie;
    return ex;
  }

  /** One command, one result. */
  async one(type: string, body: OciElement = {}): Promise<OciResult> {
    const ex = await this.send([{ type, body }]);
    if (ex.fault) throw new Error(`SOAP fault ${ex.fault.faultstring}: ${ex.fault.detail}`);
    return ex.results[0];
  }

  /** LoginRequest22V5 with a plain password; throws unless it succeeds. */
  async login(userId: string, password: string): Promise<OciResult> {
    const r = await this.one('LoginRequest22V5', { userId, password });
    if (r.kind !== 'data') throw new Error(`login failed: ${JSON.stringify(r)}`);
    return r;
  }
}

/** Logs in on a fresh session. */
export async function loggedIn(url: string, userId = 'admin', password = 'admin-password'): Promise<SimSession> {
  const s = new SimSession(url);
  await s.login(userId, password);
  return s;
}
