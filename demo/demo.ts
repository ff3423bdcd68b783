/**
 * `npm run demo`: the service with local fake vendors and accounts already connected to them
 * (demo/sandbox.ts); prints the GraphiQL URL, the API key and the account ids. README.md,
 * "Try it: npm run demo", walks through it.
 */
import { type Sandbox, startError, startSandbox, stopOnSignals } from './sandbox.js';

function graphqlInput(input: Record<string, unknown> | undefined): string {
  if (!input) return '';
  return `, input: { ${Object.entries(input).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(', ')} }`;
}

const port = Number(process.env.PORT ?? 4000);
let sandbox: Sandbox | undefined;
stopOnSignals(async () => sandbox?.stop());
try {
  sandbox = await startSandbox(port);
} catch (err) {
  process.stderr.write(`${startError(err, port)}\n`);
  process.exit(1);
}
process.stdout.write(
  [
    '',
    'deleteUser demo: the service with local fake vendors; no request leaves this machine.',
    '',
    `  GraphiQL:  ${sandbox.url}/graphql   (open it in a browser)`,
    `  API key:   ${sandbox.apiKey}   (type it into GraphiQL's "API key" field)`,
    `  Data:      ${sandbox.dataDir}   (a fresh directory, removed when the demo stops)`,
    '',
    '  Connected accounts (integration, integratedAccountId):',
    ...sandbox.accounts.map(
      (a) => `    ${a.slug.padEnd(9)} ${a.id}   try: deleteUser(id: ${JSON.stringify(a.scenario.id)}, integratedAccountId: "…"${graphqlInput(a.scenario.input)})`,
    ),
    '',
    'Walkthrough: README.md, "Try it: npm run demo". Ctrl-C stops the demo.',
    '',
  ].join('\n'),
);
