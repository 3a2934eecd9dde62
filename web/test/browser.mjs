// What the browser tests share: the page served from web/dist on a free localhost port, and
// Debian's Chromium driven by playwright-core (never a browser downloaded by Playwright).
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from '../../scripts/serve-web.mjs';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DIST = join(ROOT, 'web/dist');
export const ARTIFACTS = join(ROOT, 'tests/artifacts/web');

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/**
 * Serves web/dist on 127.0.0.1 at a free port; resolves to {url, origin, close}. With `root`
 * and `path`, serves that folder and points `url` at a path inside it (a page published under a
 * sub-path, as static hosts do).
 */
export async function startServer({ root = DIST, path = '/' } = {}) {
  const server = await serve(root, { port: 0 });
  const { port } = server.address();
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: `${origin}${path}`,
    close: () => new Promise((ok) => server.close(ok)),
  };
}

/**
 * Debian's Chromium, with no network of its own (updates, sync, ...). playwright-core gives
 * every launch a fresh temporary profile (user-data-dir) and removes it on close.
 */
export async function launch() {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return browser;
}
