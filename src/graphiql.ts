/**
 * GraphiQL for browsers at GET /graphql (Accept: text/html), served entirely by this service:
 * the page, its script, and the prebuilt UMD/CSS files of the pinned npm packages `graphiql`,
 * `react` and `react-dom`, read from node_modules and served under /graphiql/assets/. No CDN,
 * no build step, so it works offline. The page holds no secret: the API key is typed into it
 * and sent as `Authorization: Bearer <key>` with each request; POST /graphql still needs it.
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { sendJson } from './respond.js';

export const GRAPHIQL_ASSETS = '/graphiql/assets/';

const requireFromHere = createRequire(import.meta.url);

interface Asset {
  contentType: string;
  /** Versioned paths never change content, so they are cached for good. */
  immutable: boolean;
  load: () => Buffer;
  body?: Buffer;
}

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

/** A file of an npm package, at /graphiql/assets/<package>@<version>/<file name>. */
function packageFile(pkg: string, file: string, contentType: string): [string, Asset] {
  const manifest = requireFromHere.resolve(`${pkg}/package.json`);
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
  const path = `${GRAPHIQL_ASSETS}${pkg}@${version}/${file.split('/').pop()}`;
  return [path, { contentType, immutable: true, load: () => readFileSync(join(dirname(manifest), file)) }];
}

const INTEGRATIONS_QUERY = `# Type your API key above, then run (▶ or Ctrl-Enter).
# What each integration needs and does; your accounts.
query Integrations {
  integrations {
    slug
    name
    implemented
    outcome
    params { name required description }
  }
  integratedAccounts { id integration baseUrl }
}
`;

const DELETE_USER_MUTATION = `# Set integratedAccountId in Variables (ids: first tab).
# "dryRun": true changes nothing at the vendor:
# deletion.calls lists the calls it would make
# (planned: true). Remove it to delete for real.
mutation DeleteUser($id: ID!, $integratedAccountId: ID!, $input: DeleteUserInput) {
  deleteUser(id: $id, integratedAccountId: $integratedAccountId, input: $input) {
    id
    name
    username
    status
    emails { email isPrimary }
    deletionOutcome
    deletion { outcome dryRun auditId calls { method url status planned } }
  }
}
`;

const DELETE_USER_VARIABLES = `{
  "id": "octocat",
  "integratedAccountId": "paste-an-account-id",
  "input": { "organizationId": "acme", "dryRun": true }
}
`;

/** The page's own script: the key field, the fetcher, and GraphiQL with the two example tabs. */
const PAGE_JS = `'use strict';
(function () {
  var endpoint = window.location.pathname;
  var keyInput = document.getElementById('api-key');
  var status = document.getElementById('key-status');
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  var defaultTabs = ${JSON.stringify([
    { query: INTEGRATIONS_QUERY },
    { query: DELETE_USER_MUTATION, variables: DELETE_USER_VARIABLES },
  ])};

  function makeFetcher(key) {
    return function (params, opts) {
      var headers = { 'content-type': 'application/json', accept: 'application/json' };
      var extra = (opts && opts.headers) || {};
      Object.keys(extra).forEach(function (name) { headers[name.toLowerCase()] = extra[name]; });
      if (key && !headers.authorization) headers.authorization = 'Bearer ' + key;
      if (!headers.authorization) {
        return Promise.resolve({ errors: [{ message: 'Type your API key in the field at the top first: it is sent as Authorization: Bearer <key>.' }] });
      }
      return fetch(endpoint, { method: 'POST', headers: headers, body: JSON.stringify(params) }).then(function (res) {
        return res.text().then(function (text) {
          try { return JSON.parse(text); } catch (e) { return { errors: [{ message: 'HTTP ' + res.status + ': ' + text }] }; }
        });
      });
    };
  }

  var currentKey = null;
  function render() {
    var key = keyInput.value.trim();
    if (key === currentKey) return;
    currentKey = key;
    status.textContent = key ? 'sent as Authorization: Bearer …' : 'needed for every request';
    // A new fetcher makes GraphiQL introspect the schema again, now with the key.
    root.render(React.createElement(GraphiQL, {
      fetcher: makeFetcher(key),
      defaultTabs: defaultTabs,
      defaultEditorToolsVisibility: true,
      shouldPersistHeaders: false
    }));
  }
  var timer;
  keyInput.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(render, 400); });
  keyInput.addEventListener('change', render);
  render();
})();
`;

const PAGE_CSS = `html, body { height: 100%; margin: 0; }
body { display: flex; flex-direction: column; font-family: system-ui, sans-serif; }
#keybar { display: flex; align-items: center; gap: 0.6rem; padding: 0.4rem 0.8rem; border-bottom: 1px solid #ddd; font-size: 14px; }
#keybar input { flex: 0 1 28rem; padding: 0.25rem 0.4rem; font: inherit; }
#key-status { color: #666; }
#graphiql { flex: 1; min-height: 0; }
`;

/** The tab icon: a plain SVG (a user silhouette with a minus), no external file. */
const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#e535ab"/><circle cx="13" cy="11" r="5" fill="#fff"/><path d="M4 27c0-5 4-8 9-8s9 3 9 8z" fill="#fff"/><rect x="20" y="13" width="9" height="3" rx="1.5" fill="#fff"/></svg>
`;
const SVG = 'image/svg+xml';
export const FAVICON_PATH = `${GRAPHIQL_ASSETS}favicon.svg`;

const assets = new Map<string, Asset>([
  packageFile('react', 'umd/react.production.min.js', JS),
  packageFile('react-dom', 'umd/react-dom.production.min.js', JS),
  packageFile('graphiql', 'graphiql.min.js', JS),
  packageFile('graphiql', 'graphiql.min.css', CSS),
  [`${GRAPHIQL_ASSETS}page.js`, { contentType: JS, immutable: false, load: () => Buffer.from(PAGE_JS) }],
  [`${GRAPHIQL_ASSETS}page.css`, { contentType: CSS, immutable: false, load: () => Buffer.from(PAGE_CSS) }],
  [FAVICON_PATH, { contentType: SVG, immutable: false, load: () => Buffer.from(FAVICON_SVG) }],
]);

/** Relative links, so the page also works behind a proxy that mounts the service under a prefix. */
const link = (path: string) => path.slice(1);
const scripts = [...assets.keys()].filter((p) => p.endsWith('.js'));
const styles = [...assets.keys()].filter((p) => p.endsWith('.css'));

const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>GraphiQL · deleteUser subgraph</title>
<link rel="icon" type="image/svg+xml" href="${link(FAVICON_PATH)}">
${styles.map((p) => `<link rel="stylesheet" href="${link(p)}">`).join('\n')}
</head>
<body>
<div id="keybar">
  <label for="api-key">API key</label>
  <input id="api-key" type="password" autocomplete="off" spellcheck="false" placeholder="your API key (not stored)">
  <span id="key-status"></span>
</div>
<div id="graphiql">Loading GraphiQL…</div>
${scripts.map((p) => `<script src="${link(p)}"></script>`).join('\n')}
</body>
</html>
`;

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

function send(req: IncomingMessage, res: ServerResponse, body: Buffer, headers: Record<string, string>): void {
  res.writeHead(200, { ...SECURITY_HEADERS, ...headers, 'content-length': String(body.length) });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/**
 * Serves the page (GET/HEAD /graphql asking for HTML) and its assets; returns false for any
 * other request, which the caller handles as before (POST /graphql needs the API key).
 */
export function serveGraphiQL(req: IncomingMessage, res: ServerResponse, pathname: string): boolean {
  const method = req.method ?? 'GET';
  if (pathname.startsWith(GRAPHIQL_ASSETS)) {
    const asset = assets.get(pathname);
    if (!asset || (method !== 'GET' && method !== 'HEAD')) {
      sendJson(res, 404, { error: { code: 'NOT_FOUND', message: `No route ${method} ${pathname}` } });
      return true;
    }
    asset.body ??= asset.load();
    send(req, res, asset.body, {
      'content-type': asset.contentType,
      'cache-control': asset.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    return true;
  }
  // Browsers ask for /favicon.ico on their own: the same icon, instead of a 404 in the console.
  if (pathname === '/favicon.ico' && (method === 'GET' || method === 'HEAD')) {
    const icon = assets.get(FAVICON_PATH) as Asset;
    icon.body ??= icon.load();
    send(req, res, icon.body, { 'content-type': SVG, 'cache-control': 'public, max-age=86400' });
    return true;
  }
  if (pathname === '/graphql' && (method === 'GET' || method === 'HEAD') && /\btext\/html\b/i.test(req.headers.accept ?? '')) {
    send(req, res, Buffer.from(PAGE_HTML), { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
    return true;
  }
  return false;
}
