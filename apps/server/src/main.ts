import 'reflect-metadata';
import { loadConfig, ConfigError } from './config/config.loader';
import { bootstrap } from './app/bootstrap';

// Config errors are the operator's to fix: one line naming the variable, no stack trace.
let config;
try {
  config = loadConfig();
} catch (e) {
  if (e instanceof ConfigError) {
    process.stderr.write(`${e.message}\n`);
    process.exit(2);
  }
  throw e;
}

bootstrap(config, { handleSignals: true }).catch((e: Error) => {
  process.stderr.write(`ioc-server failed to start: ${e.message}\n`);
  process.exit(1);
});
