import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGateway } from '../helpers/gateway';
import { browserTestsEnabled, launchBrowser } from '../ops/helpers/browser';
import { gatewayOpenApi } from '../ops/helpers/openapi-doc';

// Outside the tracked tree: docs/screenshots/docs-page.png is the committed image, refreshed by hand.
const SCREENSHOT = join(mkdtempSync(join(tmpdir(), 'docs-page-')), 'docs-page.png');
/** What the page function reads of an element (the test's TypeScript has no DOM lib). */
interface DomElement {
  querySelector(selector: string): { textContent: string | null; getAttribute(name: string): string | null } | null;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'];

/** "GET /path" for every operation of an OpenAPI document. */
function operationsOf(doc: { paths: Record<string, Record<string, unknown>> }): string[] {
  return Object.entries(doc.paths)
    .flatMap(([path, item]) =>
      Object.keys(item)
        .filter((m) => METHODS.includes(m))
        .map((m) => `${m.toUpperCase()} ${path}`),
    )
    .sort();
}

(browserTestsEnabled() ? describe : describe.skip)('interactive docs in a browser', () => {
  it('When /docs of the gateway is opened in Chromium, then every operation is listed, all from this origin', async () => {
    const { doc, expectedOperations } = gatewayOpenApi();
    const expected = operationsOf(doc as never);
    expect(expected).toHaveLength(expectedOperations);
    const gw = await startGateway();
    let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
    try {
      browser = await launchBrowser();
      const page = await browser.context.newPage();
      const foreign: string[] = [];
      const problems: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith(gw.url) && !r.url().startsWith('data:')) foreign.push(r.url());
      });
      page.on('pageerror', (e) => problems.push(e.message));
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(m.text());
      });
      const res = await page.goto(`${gw.url}/docs`);
      expect(res?.status()).toBe(200);
      // Runs in the page (serialized); the test's TypeScript has no DOM lib, hence the cast.
      await page.waitForFunction(
        (n) =>
          (
            globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }
          ).document.querySelectorAll('.opblock').length >= n,
        expected.length,
      );
      const listed = await page.$$eval('.opblock', (blocks: DomElement[]) =>
        blocks.map(
          (b) =>
            `${b.querySelector('.opblock-summary-method')?.textContent?.trim()} ${b.querySelector('.opblock-summary-path')?.getAttribute('data-path')}`,
        ),
      );
      expect(listed.sort()).toEqual(expected);
      expect(foreign).toEqual([]);
      expect(problems).toEqual([]);
      await page.screenshot({ path: SCREENSHOT, fullPage: true });
      process.stdout.write(`docs page screenshot: ${SCREENSHOT}\n`);
    } finally {
      await browser?.close();
      await gw.close();
    }
  }, 60_000);
});
