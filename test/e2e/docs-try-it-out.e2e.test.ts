import type { Page } from 'playwright-core';
import { browserTestsEnabled, launchBrowser } from '../ops/helpers/browser';
import { startGateway, type Gateway } from '../helpers/gateway';

/**
 * The /docs page as shipped, used as a person would: Authorize with a token, "Try it out",
 * Execute. Path parameters come pre-filled with the demo executive and the examples succeed.
 */

async function tryItOut(page: Page, operationId: string): Promise<{ params: Record<string, string>; status: string }> {
  const block = page.locator(`#operations-Executive-${operationId}`);
  await block.locator('.opblock-summary').first().click();
  await block.locator('.try-out__btn').click();
  const params: Record<string, string> = {};
  for (const name of ['tenant', 'group', 'user', 'name']) {
    const input = block.locator(`tr[data-param-name="${name}"] input`);
    if ((await input.count()) > 0) params[name] = await input.inputValue();
  }
  await block.locator('.execute').click();
  const status = block.locator('.live-responses-table tbody .response-col_status').first();
  await status.waitFor();
  return { params, status: (await status.textContent())?.trim() ?? '' };
}

(browserTestsEnabled() ? describe : describe.skip)('/docs in Chromium, Try it out', () => {
  let gw: Gateway;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  beforeAll(async () => {
    gw = await startGateway();
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await gw?.close();
  });

  test('When a token is entered and GET screening and POST criteria are tried with what the page shows, then both answer 200', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${gw.url}/docs/`);
    await page.locator('.opblock').first().waitFor();
    await page.locator('button.authorize').first().click();
    await page
      .locator('.modal-ux input')
      .first()
      .fill(await gw.token());
    // The bearer form comes first; the session cookie (cookieAuth) has a form of its own.
    await page.locator('.modal-ux button.authorize').first().click();
    await page.locator('.modal-ux button.btn-done').first().click();

    const read = await tryItOut(page, 'getExecutiveScreening');
    expect(read.params).toEqual({ tenant: 'acme-ent', group: 'acme-hq', user: 'exec1@acme.example.com' });
    expect(read.status).toBe('200');

    // The example that failed on the demo data before: its schedule now exists there.
    const create = await tryItOut(page, 'createExecutiveCriteria');
    expect(create.status).toBe('200');
    const sent = gw.sim.requestLog().flatMap((e) => e.commandTypes);
    expect(sent).toContain('UserExecutiveAddFilteringSelectiveCriteriaRequest');
    await page.close();
  }, 60_000);
});
