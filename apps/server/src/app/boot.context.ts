import type { AppConfig } from '../config/config.schema';

/** What main.ts resolved before Nest starts: validated config and the concrete service endpoints. */
export interface BootContext {
  config: AppConfig;
  databaseUrl: string;
  mqttUrl: string;
  /** True when the broker is our in-process aedes (no shared subscriptions there). */
  embeddedBroker: boolean;
  timescale: boolean;
  version: string;
  repoRoot: string;
}

export const BOOT = Symbol('BOOT');
