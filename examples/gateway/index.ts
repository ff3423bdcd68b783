/**
 * `npm run example:gateway`: this service (the users subgraph, with the demo's fake vendors and
 * connected accounts) composed with a small HR subgraph behind @apollo/gateway, and one query
 * that crosses both: employees come from HR, their vendor accounts from this service.
 *
 *   gateway          http://127.0.0.1:4000/         PORT (default 4000; 0 picks free ports)
 *   users subgraph   http://127.0.0.1:4001/graphql  PORT + 1 (GraphiQL there, in a browser)
 *   hr subgraph      http://127.0.0.1:4002/         PORT + 2
 */
import { startError, startSandbox, stopOnSignals } from '../../demo/sandbox.js';
import { composeSupergraph, type Employee, readSupergraphConfig, type Running, startGateway, startHrSubgraph } from './federation.js';

const QUERY = `{
  employees {
    name
    user { id integratedAccountId username status emails { email } }
  }
}`;

const NAMES: Record<string, string> = { github: 'Mona (engineering)', okta: 'Isaac (IT)', zendesk: 'Johnny (support)' };

const base = Number(process.env.PORT ?? 4000);
const port = (offset: number) => (base === 0 ? 0 : base + offset);
const running: Running[] = [];
const stopAll = async () => {
  for (const r of running.reverse()) await r.stop().catch(() => undefined);
};
stopOnSignals(stopAll);

try {
  const users = await startSandbox(port(1));
  running.push(users);
  const employees: Employee[] = users.accounts.map((a, i) => ({ id: `e${i + 1}`, name: NAMES[a.slug] ?? a.slug, user: { id: a.scenario.id, integratedAccountId: a.id } }));
  const hr = await startHrSubgraph(employees, port(2));
  running.push(hr);
  // The subgraphs and schema files of the Apollo Router config (supergraph.yaml: the users
  // subgraph's schema is the committed schema.graphql), at the ports actually used.
  const urls: Record<string, string> = { users: `${users.url}/graphql`, hr: hr.url };
  const supergraph = composeSupergraph(readSupergraphConfig().map((s) => ({ ...s, url: urls[s.name] ?? s.url })));
  const gateway = await startGateway(supergraph, port(0));
  running.push(gateway);

  const res = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${users.apiKey}` },
    body: JSON.stringify({ query: QUERY }),
  });
  const result = JSON.stringify(await res.json(), null, 2);
  process.stdout.write(
    [
      '',
      'Federation example: this service (users) + an HR subgraph behind @apollo/gateway.',
      '',
      `  gateway:         ${gateway.url}   (POST GraphQL, Authorization: Bearer <key>)`,
      `  users subgraph:  ${users.url}/graphql   (this service with fake vendors; GraphiQL in a browser)`,
      `  hr subgraph:     ${hr.url}`,
      `  API key:         ${users.apiKey}`,
      '',
      'A query that crosses both subgraphs (employees from HR, their accounts from the vendors):',
      '',
      QUERY,
      '',
      `answered ${res.status}:`,
      result,
      '',
      `Try it: curl -s ${gateway.url} -H 'content-type: application/json' -H 'authorization: Bearer ${users.apiKey}' \\`,
      `          -d '{"query":"{ employees { name user { username status } } }"}'`,
      '',
      'Ctrl-C stops the example.',
      '',
    ].join('\n'),
  );
} catch (err) {
  await stopAll();
  process.stderr.write(`${startError(err, base)}\n`);
  process.exit(1);
}
