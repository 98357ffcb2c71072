import { createServer, type Server, type Socket } from 'node:net';
import type { AedesOptions, Client } from 'aedes';
import { embeddedBrokerAccess } from './embedded-broker-access.util';
import { EMBEDDED_PUBLISH_RULES, type PublishAttempt, type PublishRule } from './embedded-publish.rules';

/** Takes one publish into storage and calls `done` once it is committed; only then is it acknowledged. */
export type DurableSink = (message: PublishAttempt, done: () => void) => void;

/** Mosquitto's `message_size_limit` in infra/mosquitto/mosquitto.conf. */
export const DEFAULT_MAX_PACKET_BYTES = 2 * 1024 * 1024;

export interface EmbeddedBrokerOptions {
  /** Largest MQTT packet accepted (its remaining length: topic, properties and payload). */
  maxPacketBytes?: number;
  /** Checked on every PUBLISH and will, in order; the first refusal wins. */
  publishRules?: readonly PublishRule[];
  /**
   * Topics the in-process ingest stores. A publish on one is acknowledged (QoS 1 PUBACK, QoS 2 PUBREC)
   * only once the sink says it is committed; until a sink is attached it waits, unacknowledged.
   */
  durableTopics?: (topic: string) => boolean;
  log?: (message: string) => void;
}

export interface EmbeddedBrokerHandle {
  url: string;
  port: number;
  /** Hands publishes on `durableTopics` to `sink` from now on (and those waiting); returns a detach function. */
  attachSink(sink: DurableSink): () => void;
  /** Publishes on durable topics not acknowledged yet (waiting for a sink or for their commit). */
  readonly pendingAcks: number;
  /** The login that makes a client a server instance (internal topics: embedded-broker-access.util.ts). */
  serverLogin: { username: string; password: string };
  stop(): Promise<void>;
}

/**
 * In-process MQTT broker for the embedded default. It listens on a real TCP port so devices and the
 * simulator outside the process can publish to it too. aedes has no shared subscriptions, which is
 * fine: the embedded mode runs one ingest instance.
 *
 * aedes keeps messages in memory and sends a QoS 1 PUBACK right after `authorizePublish` calls back
 * (lib/handlers/publish.js), so an acknowledged message would die with the process. The ingest therefore
 * takes durable topics inside that hook and calls back after the commit: the device keeps (and resends)
 * what was not acknowledged, the same promise the ingest keeps on Mosquitto. aedes reads a connection's
 * next chunk only when every packet of the previous one has called back, so one commit acknowledges a
 * whole chunk and a publisher's further messages wait in TCP meanwhile.
 */
export async function startEmbeddedBroker(
  host: string,
  port: number,
  opts: EmbeddedBrokerOptions = {},
): Promise<EmbeddedBrokerHandle> {
  const rules = opts.publishRules ?? EMBEDDED_PUBLISH_RULES;
  const maxPacketBytes = opts.maxPacketBytes ?? DEFAULT_MAX_PACKET_BYTES;
  const log = opts.log ?? (() => undefined);
  let sink: DurableSink | null = null;
  const waiting: { message: PublishAttempt; settle: (error: Error | null) => void }[] = [];
  let pending = 0;

  // aedes is ESM-only; a real dynamic import keeps this CommonJS build loading it natively.
  const { Aedes } = await import('aedes');
  // internal topics first (embedded-broker-access.util.ts), then the publish rules and the durable ingest
  const access = embeddedBrokerAccess();
  const broker = await Aedes.createBroker({
    ...access.handlers,
    authorizePublish: (client, packet, callback) =>
      access.handlers.authorizePublish(client, packet, (refused) => {
        if (refused) return callback(refused);
        authorizeDurable(client, packet, callback);
      }),
  });
  const authorizeDurable: NonNullable<AedesOptions['authorizePublish']> = (client, packet, callback) => {
    const message: PublishAttempt = {
      clientId: client?.id ?? null,
      topic: packet.topic,
      payload: Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload),
      qos: packet.qos,
      retain: packet.retain,
      dup: packet.dup,
    };
    for (const rule of rules) {
      let reason: string | null;
      try {
        reason = rule.refuse(message);
      } catch (e) {
        // a throw here would escape aedes' socket handler and end the process
        reason = `rule failed: ${(e as Error).message}`;
      }
      if (reason !== null) {
        log(
          `refused a publish on ${packet.topic} from ${message.clientId ?? 'a departed client'}: ${reason}`,
        );
        callback(new Error(`${rule.name}: ${reason}`));
        return;
      }
    }
    if (!opts.durableTopics?.(packet.topic)) {
      callback(null);
      return;
    }
    pending++;
    let settled = false;
    const settle = (error: Error | null) => {
      if (settled) return;
      settled = true;
      pending--;
      callback(error);
    };
    if (sink) deliver(sink, message, settle);
    else waiting.push({ message, settle });
  };
  /** A sink that throws cannot have stored the message: refuse it (disconnect), the device resends. */
  const deliver = (s: DurableSink, message: PublishAttempt, settle: (error: Error | null) => void) => {
    try {
      s(message, () => settle(null));
    } catch (e) {
      log(`ingest failed on ${message.topic}: ${(e as Error).message}`);
      settle(e as Error);
    }
  };
  let unlimited = false;
  const server: Server = createServer((socket: Socket) => {
    const client = broker.handle(socket);
    const limited = limitPacketSize(client, maxPacketBytes, (bytes) =>
      log(
        `closed the connection of ${client.id ?? socket.remoteAddress ?? 'a client'}: packet of ${bytes} bytes ` +
          `exceeds MQTT_MAX_PACKET_KB (${maxPacketBytes} bytes)`,
      ),
    );
    // an aedes upgrade changed its parser (the size-limit test fails then); never crash on a connection
    if (!limited && !unlimited) log('cannot enforce the MQTT packet size limit on this aedes version');
    unlimited ||= !limited;
  });
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
    port: actualPort,
    attachSink: (s) => {
      sink = s;
      for (const w of waiting.splice(0)) deliver(s, w.message, w.settle);
      return () => {
        if (sink === s) sink = null;
      };
    },
    get pendingAcks() {
      return pending;
    },
    serverLogin: access.serverLogin,
    stop: () =>
      new Promise<void>((res) => {
        sink = null;
        server.close(() => undefined);
        broker.close(() => res());
      }),
  };
}

/** The part of mqtt-packet's parser (aedes 1.2.0 → mqtt-packet 9) the size limit hooks into. */
interface PacketParser {
  packet: { length: number };
  _parseLength(): boolean;
  _emitError(e: Error): void;
}

/**
 * aedes buffers a whole packet before any hook sees it, so a size limit has to act on the fixed header:
 * as soon as a packet's remaining length is known and over the limit, its parser fails and aedes closes
 * the connection — nothing more of that packet is read or delivered.
 */
function limitPacketSize(client: Client, maxBytes: number, refused: (bytes: number) => void): boolean {
  const parser = (client as unknown as { _parser?: PacketParser })._parser;
  const parseLength = parser?._parseLength;
  if (!parser || typeof parseLength !== 'function') return false;
  parser._parseLength = function (this: PacketParser) {
    if (!parseLength.call(this)) return false;
    if (this.packet.length <= maxBytes) return true;
    refused(this.packet.length);
    this._emitError(new Error(`packet of ${this.packet.length} bytes exceeds the ${maxBytes}-byte limit`));
    return false;
  };
  return true;
}
