// The process: read config, boot, build the app, listen, close gracefully on SIGINT/SIGTERM.
import { buildApp } from './app.js';
import { boot } from './boot.js';
import { loadConfig } from './config.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const runtime = await boot(config);
  const app = await buildApp({ config, ...runtime });
  if (runtime.migrated.length) app.log.info({ migrations: runtime.migrated }, 'database migrated');
  if (runtime.reindexed !== null) app.log.info({ articles: runtime.reindexed }, 'search index built');
  if (runtime.demo) app.log.info(runtime.demo, 'demo articles loaded');

  let closing = false;
  // Behind nginx a stop must fail no request: from SIGTERM on, every answer closes its connection
  // (nginx sends nothing more down it), and keep-alive connections are closed as soon as they are
  // idle — not only those idle at the signal — so close() does not wait for nginx to reuse one.
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });
  const close = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000).unref();
    const sweep = setInterval(() => app.server.closeIdleConnections(), 50).unref();
    try {
      await app.close();
      clearInterval(sweep);
      await runtime.database.close();
    } finally {
      clearTimeout(force);
      process.exit(0);
    }
  };
  process.on('SIGINT', () => void close('SIGINT'));
  process.on('SIGTERM', () => void close('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
}

main().catch((err: unknown) => {
  // Start-up problems (bad config, stale schema) are for the operator: the message, not a trace.
  const message = err instanceof Error ? err.message : String(err);
  console.error(`启动失败 (failed to start): ${message}`);
  process.exit(1);
});
