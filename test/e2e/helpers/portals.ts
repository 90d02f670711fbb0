import express from 'express';
import { launchBrowser } from '../../ops/helpers/browser';
import { listen, type Listening } from '../../helpers/listen';
import { startGateway, type Gateway } from '../../helpers/gateway';

/** A portal page: served on its own origin, it only runs the script the test hands it. */
export async function portal(): Promise<Listening> {
  const app = express();
  app.get('/', (_req, res) => {
    res.type('html').send('<!doctype html><html><head><title>portal</title></head><body>portal</body></html>');
  });
  return listen(app);
}

/** Two portal pages, a gateway whose environment may name them, and Chromium. */
export interface PortalScene {
  portals: [Listening, Listening];
  gw: Gateway;
  browser: Awaited<ReturnType<typeof launchBrowser>>;
  /** Closes the browser, the gateway, then both portals (whatever of them started). */
  close(): Promise<void>;
}

export async function startPortalScene(
  env: (portals: [Listening, Listening]) => Record<string, string>,
): Promise<PortalScene> {
  const started: { portals: Listening[]; gw?: Gateway; browser?: PortalScene['browser'] } = { portals: [] };
  const close = async () => {
    await started.browser?.close();
    await started.gw?.close();
    for (const p of started.portals) await p.close();
  };
  try {
    started.portals.push(await portal());
    started.portals.push(await portal());
    const portals = started.portals as [Listening, Listening];
    const gw = (started.gw = await startGateway({ env: env(portals) }));
    const browser = (started.browser = await launchBrowser());
    return { portals, gw, browser, close };
  } catch (err) {
    await close();
    throw err;
  }
}
