/** Start-up only: config → store → server → listen. */
import { loadConfig } from './config.js';
import { createApp } from './server.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  const url = await app.listen();
  if (app.generatedAdminKey) {
    // Printed once, on the first start without ADMIN_API_KEY; only its hash is stored.
    process.stdout.write(
      `\nGenerated an admin API key (shown once, stored hashed):\n\n  ${app.generatedAdminKey}\n\nSend it as "Authorization: Bearer <key>". Set ADMIN_API_KEY to choose your own.\n\n`,
    );
  }
  process.stdout.write(`deleteUser subgraph listening on ${url}/graphql (data in ${config.DATA_DIR})\n`);
  // Graceful: app.close drains for up to SHUTDOWN_GRACE_MS (logged when it starts and ends). A
  // second signal ends the process at once (the handlers are `once`), and so does a shutdown
  // that outlives the grace period by 5 s (a store that does not answer).
  const stop = (signal: NodeJS.Signals) => {
    setTimeout(() => process.exit(1), config.SHUTDOWN_GRACE_MS + 5_000).unref();
    app.close(signal).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`failed to start: ${err instanceof Error ? err.message : 'unknown error'}\n`);
  process.exit(1);
});
