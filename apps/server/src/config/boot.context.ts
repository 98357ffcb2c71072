import type { AppConfig } from './config.schema';
import type { EmbeddedBrokerHandle } from '../runtime/embedded-broker.runtime';

/** What main.ts resolved before Nest starts: validated config and the concrete service endpoints. */
export interface BootContext {
  config: AppConfig;
  databaseUrl: string;
  mqttUrl: string;
  /**
   * Our in-process aedes when no MQTT_URL is set (no shared subscriptions there); the ingest takes its
   * messages inside the broker so that they are acknowledged after the commit.
   */
  embeddedBroker: EmbeddedBrokerHandle | null;
  timescale: boolean;
  version: string;
  repoRoot: string;
}

export const BOOT = Symbol('BOOT');
