import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import { startGateway, type Gateway } from '../helpers/gateway';

/**
 * A portal team's path: generate a typed client from the served /openapi.json with a mainstream
 * generator (swagger-typescript-api 13; orval and @hey-api need Node 22), type-check it with the
 * project's TypeScript in strict mode, and run the README's 13 calls plus a login through it,
 * the criteria PUT sending back the ETag of its GET as If-Match.
 */

const ROOT = join(__dirname, '..', '..');
// The generator's own CLI, in a child process (it is ESM, which jest cannot load on Node 20).
const GENERATOR = join(dirname(require.resolve('swagger-typescript-api/package.json')), 'dist', 'cli.mjs');
// Inside the repository (ignored by git) so that jest can load the compiled client.
const OUT = join(ROOT, '.generated-client', `run-${process.pid}`);

// Written as a portal would write it: against the generated types only. Type errors fail the test.
const DRIVER = `
import { Api, HttpResponse, type Api as Routes } from './api';

export async function readmeCalls(baseUrl: string): Promise<{ status: Record<string, number>; data: Record<string, unknown> }> {
  const client = new Api<string>({
    baseUrl,
    securityWorker: (token) => (token ? { headers: { Authorization: \`Bearer \${token}\` } } : {}),
  });
  const status: Record<string, number> = {};
  const data: Record<string, unknown> = {};
  const note = <T,>(name: string, res: HttpResponse<T, unknown>): T => {
    status[name] = res.status;
    data[name] = res.data;
    return res.data;
  };

  const pair = note('login', await client.api.login({ userId: 'exec1@acme.example.com', password: 'exec1-password' }));
  client.setSecurityData(pair.accessToken);
  const [t, g, u] = ['acme-ent', 'acme-hq', 'exec1@acme.example.com'];
  const a = client.api;

  const available = note('available', await a.getExecutiveAvailableAssistants(t, g, u, { sameGroupOnly: 'false' }));
  const truncated: boolean = available.truncated;
  data.truncated = truncated;
  note('assistants', await a.getExecutiveAssistants(t, g, u));
  const assigned = note(
    'putAssistants',
    await a.updateExecutiveAssistants(t, g, u, {
      allowOptInOut: true,
      assistantUserIds: ['asst1@acme.example.com', 'asst3@acme.example.com'],
    }),
  );
  const optIn: boolean | undefined = assigned.assistantUsers[0]?.optInStatus;
  data.optIn = optIn;
  note('filtering', await a.getExecutiveFiltering(t, g, u));
  note(
    'putFiltering',
    await a.updateExecutiveFiltering(t, g, u, {
      enabled: true,
      mode: 'Advanced',
      type: 'All Calls',
      criteria: [{ name: 'VIP callers', active: false }],
    }),
  );
  note('screening', await a.getExecutiveScreening(t, g, u));
  note(
    'putScreening',
    await a.updateExecutiveScreening(t, g, u, { enabled: true, alertType: 'Ring Splash', alertMobilityLocation: true }),
  );
  note('alerting', await a.getExecutiveAlerting(t, g, u));
  note(
    'putAlerting',
    await a.updateExecutiveAlerting(t, g, u, {
      mode: 'Sequential',
      nextAssistantAfter: 5,
      rolloverEnabled: true,
      rolloverWaitTime: 30,
      rolloverAction: 'Forward',
      rolloverForwardTo: '+3223661285',
    }),
  );
  const created = await a.createExecutiveCriteria(t, g, u, {
      name: 'Board members',
      active: true,
      filter: true,
      timeSchedule: { level: 'User', name: 'Office hours', type: 'Time' },
      fromDnCriteria: {
        selection: 'Specified Only',
        includeAnonymousCallers: false,
        includeUnavailableCallers: false,
        phoneNumbers: ['+3223661285'],
      },
    });
  note('postCriteria', created);
  data.location = created.headers.get('Location');
  // The If-Match flow, through the generated types: the ETag of the GET goes back on the PUT.
  const read = await a.getExecutiveCriteria(t, g, u, 'Board members');
  note('getCriteria', read);
  const etag = read.headers.get('ETag');
  if (etag === null) throw new Error('the GET answered no ETag');
  data.etag = etag;
  const ifMatch = { 'If-Match': etag } satisfies Routes.UpdateExecutiveCriteria.RequestHeaders;
  note(
    'putCriteria',
    await a.updateExecutiveCriteria(
      t,
      g,
      u,
      'Board members',
      { name: 'Board', holidaySchedule: { level: 'Tenant', name: 'Public holidays', type: 'Holiday' } },
      { headers: ifMatch },
    ),
  );
  // The same ETag again: the criteria changed since, so 412 and nothing written.
  try {
    await a.updateExecutiveCriteria(t, g, u, 'Board', { filter: false }, { headers: ifMatch });
    data.stalePut = 'accepted';
  } catch (refused) {
    const answer = refused as Awaited<ReturnType<typeof a.updateExecutiveCriteria>>;
    data.stalePut = answer.status;
    // What a portal written for APIO shows, read through the generated error type (typed, not any).
    const typed: 0 extends 1 & typeof answer.error ? 'any' : 'typed' = 'typed';
    data.staleMessage = typed && answer.error.errors[0].message;
  }
  note('deleteCriteria', await a.deleteExecutiveCriteria(t, g, u, 'Board'));
  return { status, data };
}
`;

/** Strict type-check of the generated client and the driver; returns the diagnostics as text. */
function typeCheck(files: string[]): string[] {
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Preserve,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    types: [],
    skipLibCheck: true,
  });
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

function transpile(file: string): void {
  const out = ts.transpileModule(readFileSync(file, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  });
  writeFileSync(file.replace(/\.ts$/, '.js'), out.outputText);
}

describe('a client generated from /openapi.json', () => {
  let gw: Gateway;
  beforeAll(async () => {
    gw = await startGateway();
    rmSync(OUT, { recursive: true, force: true });
    mkdirSync(OUT, { recursive: true });
  });
  afterAll(async () => {
    await gw?.close();
    rmSync(OUT, { recursive: true, force: true });
  });

  test('When generated with swagger-typescript-api and type-checked, then the README calls and a login run through it', async () => {
    await promisify(execFile)(process.execPath, [
      GENERATOR,
      'generate',
      '--path',
      `${gw.url}/openapi.json`,
      '--output',
      OUT,
      '--name',
      'api.ts',
      '--silent',
      // Per-route namespaces, e.g. Api.UpdateExecutiveCriteria.RequestHeaders (If-Match).
      '--route-types',
    ]);
    const api = join(OUT, 'api.ts');
    // The generator marks its file @ts-nocheck; the check is the point here, so take it out.
    const source = readFileSync(api, 'utf8');
    expect(source).toContain('export class Api'); // a real client, not an empty file
    writeFileSync(api, source.replace(/^\/\/ @ts-nocheck$/m, ''));
    const driver = join(OUT, 'driver.ts');
    writeFileSync(driver, DRIVER);
    expect(typeCheck([api, driver])).toEqual([]);

    transpile(api);
    transpile(driver);
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module is compiled at run time, above
    const { readmeCalls } = require(join(OUT, 'driver.js')) as {
      readmeCalls: (base: string) => Promise<{ status: Record<string, number>; data: Record<string, unknown> }>;
    };
    gw.sim.reset();
    const { status, data } = await readmeCalls(gw.url);
    expect(Object.keys(status)).toHaveLength(14);
    expect(Object.values(status).every((s) => s === 200)).toBe(true);
    expect(data.truncated).toBe(false);
    expect(data.optIn).toBe(true);
    expect(data.deleteCriteria).toEqual({ name: 'Board' });
    expect(data.location).toBe(
      '/api/v1/tenants/acme-ent/groups/acme-hq/users/exec1%40acme.example.com/services/executive/criteria/Board%20members/',
    );
    expect(data.etag).toMatch(/^"[\w-]+"$/);
    expect(data.stalePut).toBe(412);
    expect(data.staleMessage).toMatch(/If-Match does not match the current state/);
  }, 120_000);

  test('the type check can fail: a wrong field type in the driver is reported', () => {
    const bad = join(OUT, 'bad.ts');
    writeFileSync(
      bad,
      `import { Api } from './api';\nvoid new Api().api.updateExecutiveScreening('t', 'g', 'u', { enabled: 'yes' });\n`,
    );
    expect(typeCheck([join(OUT, 'api.ts'), bad]).join('\n')).toMatch(
      /Type 'string' is not assignable to type 'boolean/,
    );
  }, 60_000);
});
