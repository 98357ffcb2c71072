import { createServer, type Server } from 'node:net';
import { embeddedBrokerAccess } from './embedded-broker-access.util';

export interface EmbeddedBrokerHandle {
  url: string;
  /** The login that makes a client a server instance (internal topics: embedded-broker-access.util.ts). */
  serverLogin: { username: string; password: string };
  stop(): Promise<void>;
}

/**
 * In-process MQTT broker for the embedded default. It listens on a real TCP port so devices and the
 * simulator outside the process can publish to it too. aedes has no shared subscriptions, which is
 * fine: the embedded mode runs one ingest instance.
 */
export async function startEmbeddedBroker(host: string, port: number): Promise<EmbeddedBrokerHandle> {
  // aedes is ESM-only; a real dynamic import keeps this CommonJS build loading it natively.
  const { Aedes } = await import('aedes');
  const access = embeddedBrokerAccess();
  const broker = await Aedes.createBroker({ ...access.handlers });
  const server: Server = createServer(broker.handle);
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', (e) =>
      reject(new Error(`embedded MQTT broker cannot listen on ${host}:${port}: ${e.message}`)),
    );
    server.listen(port, host, () => resolveListen());
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return {
    url: `mqtt://${host}:${actualPort}`,
    serverLogin: access.serverLogin,
    stop: () =>
      new Promise<void>((res) => {
        server.close(() => undefined);
        broker.close(() => res());
      }),
  };
}
