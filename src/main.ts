import { ConfigError, loadConfig } from './config';
import { createApp } from './app';

/** Composition root: config → app → listen. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const app = createApp();
  const server = app.listen(config.port, config.host, () => {
    process.stdout.write(`OCI REST gateway listening on http://${config.host}:${config.port} (GET /healthz)\n`);
  });
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

void main();
