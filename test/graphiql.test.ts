/**
 * GraphiQL at GET /graphql, driven in real headless Chromium (Debian's /usr/bin/chromium through
 * playwright-core; `.ci/run` installs it): the page and every asset come from the service itself
 * (no request leaves it), the API key typed into the page is sent as a Bearer token, and the
 * preloaded `integrations` query runs and shows its result. Screenshot: test-output/graphiql.png.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, type RunningService, startService } from './helpers/service.js';

const CHROMIUM = '/usr/bin/chromium';
const OUTPUT = new URL('../test-output/', import.meta.url);

let svc: RunningService;
let browser: Browser | undefined;

beforeAll(async () => {
  svc = await startService();
});

afterAll(async () => {
  await browser?.close();
  await svc?.stop();
});

describe('GraphiQL over HTTP', () => {
  it('GET /graphql asking for HTML answers the page without an API key; it holds no key', async () => {
    const res = await fetch(`${svc.url}/graphql`, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    const html = await res.text();
    expect(html).toContain('id="api-key"');
    expect(html).not.toContain(ADMIN_KEY);
    expect(html).not.toMatch(/https?:\/\//); // no CDN: every asset is a relative link to this service
    for (const src of html.matchAll(/(?:src|href)="([^"]+)"/g)) {
      const asset = await fetch(`${svc.url}/${src[1]}`);
      expect(asset.status, src[1]).toBe(200);
      expect(asset.headers.get('content-type'), src[1]).toMatch(/^(text\/(javascript|css); charset=utf-8|image\/svg\+xml)$/);
      expect((await asset.arrayBuffer()).byteLength, src[1]).toBeGreaterThan(100);
    }
  });

  it('GraphQL itself still needs the key: POST, and GET not asking for HTML', async () => {
    const post = await svc.gql('{ integrations { slug } }', undefined, { key: null });
    expect(post.status).toBe(401);
    const get = await fetch(`${svc.url}/graphql?query=${encodeURIComponent('{ integrations { slug } }')}`, { headers: { accept: 'application/json' } });
    expect(get.status).toBe(401);
  });

  it('has a tab icon, linked from the page and at /favicon.ico', async () => {
    const html = await (await fetch(`${svc.url}/graphql`, { headers: { accept: 'text/html' } })).text();
    const href = /<link rel="icon" type="image\/svg\+xml" href="([^"]+)">/.exec(html)?.[1];
    expect(href).toBeDefined();
    for (const path of [`/${href}`, '/favicon.ico']) {
      const icon = await fetch(`${svc.url}${path}`);
      expect(icon.status, path).toBe(200);
      expect(icon.headers.get('content-type')).toBe('image/svg+xml');
      expect(await icon.text()).toMatch(/^<svg /);
    }
  });

  it('unknown assets and other methods are 404', async () => {
    expect((await fetch(`${svc.url}/graphiql/assets/nope.js`)).status).toBe(404);
    expect((await fetch(`${svc.url}/graphiql/assets/page.js`, { method: 'POST' })).status).toBe(404);
  });
});

describe('GraphiQL in Chromium', () => {
  it('types the API key, runs the preloaded integrations query and shows the result', async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`Chromium is not installed at ${CHROMIUM}: run "apt-get install -y chromium" (bash .ci/run does it)`);
    }
    browser = await chromium.launch({ executablePath: CHROMIUM });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
    });
    // Offline: anything not served by the service is refused and counted.
    const outside: string[] = [];
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(`${svc.url}/`) || url.startsWith('data:')) return route.continue();
      outside.push(url);
      return route.abort();
    });
    const sent: Array<{ authorization?: string; body: string }> = [];
    page.on('request', (req) => {
      if (req.method() === 'POST') sent.push({ authorization: req.headers().authorization, body: req.postData() ?? '' });
    });

    const nav = await page.goto(`${svc.url}/graphql`);
    expect(nav?.status()).toBe(200);
    await page.locator('.graphiql-execute-button').waitFor();
    // No key yet: nothing is sent.
    expect(sent).toHaveLength(0);

    await page.locator('#api-key').fill(ADMIN_KEY);
    await page.locator('#api-key').press('Enter');
    // With the key, GraphiQL introspects the schema (the doc explorer needs it).
    await expect.poll(() => sent.some((s) => s.body.includes('IntrospectionQuery')), { timeout: 15_000 }).toBe(true);

    await page.locator('.graphiql-execute-button').click();
    const response = page.locator('.graphiql-response .CodeMirror');
    await expect.poll(() => response.evaluate((el) => (el as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue()), { timeout: 15_000 }).toContain('"integrations"');
    const text = await response.evaluate((el) => (el as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue());
    const result = JSON.parse(text) as { data?: { integrations: Array<{ slug: string; implemented: boolean }> }; errors?: unknown };
    expect(result.errors).toBeUndefined();
    expect(result.data!.integrations).toHaveLength(76);
    expect(result.data!.integrations.find((i) => i.slug === 'okta')?.implemented).toBe(true);
    expect(await page.locator('.graphiql-response .CodeMirror-lines').textContent()).toContain('"slug"');

    const run = sent.find((s) => s.body.includes('query Integrations'));
    expect(run?.authorization).toBe(`Bearer ${ADMIN_KEY}`);
    // The second preloaded tab is the deleteUser example.
    expect(await page.locator('.graphiql-tab').allTextContents()).toEqual([expect.stringContaining('Integrations'), expect.stringContaining('DeleteUser')]);

    mkdirSync(OUTPUT, { recursive: true });
    await page.screenshot({ path: new URL('graphiql.png', OUTPUT).pathname });
    expect(outside).toEqual([]);
    expect(problems).toEqual([]);
  }, 90_000);
});
