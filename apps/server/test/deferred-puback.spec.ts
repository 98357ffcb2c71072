import { randomBytes } from 'node:crypto';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { DeferredPuback } from '../src/broker/deferred-puback.util';
import { mqttUrl, waitFor } from './support/test-db';

/**
 * DeferredPuback patches MQTT.js internals (`_sendPacket`): the PUBACK of a held QoS 1 message must not
 * reach the broker until we send it. Against a real broker: a held message comes back after the
 * connection drops, an acknowledged one does not. A plain client (the control) gets nothing back, so an
 * MQTT.js upgrade that sends PUBACKs another way fails here instead of losing messages after a crash.
 */
const topic = `test/deferred-puback/${randomBytes(4).toString('hex')}`;

interface Subscriber {
  client: MqttClient;
  got: string[];
  acks: Map<string, () => void>;
}

async function subscriber(
  clientId: string,
  deferred: boolean,
  protocolVersion: 4 | 5,
): Promise<Subscriber | null> {
  const opts: IClientOptions = {
    clientId,
    clean: false,
    protocolVersion,
    reconnectPeriod: 0,
    ...(protocolVersion === 5 ? { properties: { sessionExpiryInterval: 60 } } : {}),
  };
  const client = mqtt.connect(mqttUrl(), opts);
  const acks = deferred ? new DeferredPuback(client) : null;
  const sub: Subscriber = { client, got: [], acks: new Map() };
  client.on('message', (_t, payload, packet) => {
    const body = payload.toString();
    if (acks && packet.messageId !== undefined) sub.acks.set(body, acks.hold(packet.messageId));
    sub.got.push(body);
  });
  const ok = await new Promise<boolean>((resolve, reject) => {
    client.once('connect', () => resolve(true));
    // a broker without MQTT 5 (the embedded aedes) refuses protocol 5: nothing to test there
    client.once('error', (e: Error & { code?: number }) => (e.code === 1 ? resolve(false) : reject(e)));
  });
  if (!ok) {
    client.end(true);
    return null;
  }
  await client.subscribeAsync(topic, { qos: 1 });
  return sub;
}

async function publish(...bodies: string[]): Promise<void> {
  const pub = await mqtt.connectAsync(mqttUrl(), { clientId: `pub-${randomBytes(4).toString('hex')}` });
  for (const b of bodies) await pub.publishAsync(topic, b, { qos: 1 });
  await pub.endAsync();
}

/** Messages the broker still has for this session after a graceful disconnect, then the session is cleared. */
async function redelivered(clientId: string, protocolVersion: 4 | 5, marker: string): Promise<string[]> {
  const again = (await subscriber(clientId, false, protocolVersion))!;
  await publish(marker);
  // redeliveries of the old session come before a message published after the reconnect
  await waitFor(() => again.got.includes(marker), 10_000, `the marker ${marker}`);
  await again.client.endAsync();
  const clear = await mqtt.connectAsync(mqttUrl(), { clientId, clean: true, protocolVersion });
  await clear.endAsync();
  return again.got.filter((b) => b !== marker);
}

describe.each([4, 5] as const)('deferred PUBACK on MQTT.js (protocol %i)', (protocolVersion) => {
  it('a held message is redelivered after a disconnect; an acknowledged one is not', async () => {
    const id = `dp-${protocolVersion}-${randomBytes(4).toString('hex')}`;
    const sub = await subscriber(id, true, protocolVersion);
    if (!sub) return; // broker without MQTT 5
    await publish(`${id}-a`, `${id}-b`);
    await waitFor(() => sub.got.length === 2, 10_000, 'both messages');
    sub.acks.get(`${id}-a`)!();
    await sub.client.endAsync(); // graceful: the PUBACK of a goes out before DISCONNECT
    expect(await redelivered(id, protocolVersion, `${id}-marker`)).toEqual([`${id}-b`]);
  });

  it('control: without it MQTT.js acknowledges at once and nothing comes back', async () => {
    const id = `dp-control-${protocolVersion}-${randomBytes(4).toString('hex')}`;
    const sub = await subscriber(id, false, protocolVersion);
    if (!sub) return;
    await publish(`${id}-a`);
    await waitFor(() => sub.got.length === 1, 10_000, 'the message');
    await sub.client.endAsync();
    expect(await redelivered(id, protocolVersion, `${id}-marker`)).toEqual([]);
  });
});
