import mqtt, { type MqttClient } from 'mqtt';
import { startEmbeddedBroker, type EmbeddedBrokerHandle } from './embedded-broker.runtime';
import type { PublishAttempt } from './embedded-publish.rules';

// The real aedes broker on a real port, real MQTT.js clients.
jest.setTimeout(30_000);

let broker: EmbeddedBrokerHandle | null = null;
const clients: MqttClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.endAsync(true).catch(() => undefined)));
  await broker?.stop();
  broker = null;
});

async function connect(id: string): Promise<MqttClient> {
  const c = await mqtt.connectAsync(broker!.url, { clientId: id, reconnectPeriod: 0 });
  c.on('error', () => undefined);
  clients.push(c);
  return c;
}

/** A subscriber that collects what the broker delivers on `filter`. */
async function subscriber(filter: string): Promise<{ topic: string; bytes: number }[]> {
  const got: { topic: string; bytes: number }[] = [];
  const sub = await connect(`sub-${clients.length}`);
  sub.on('message', (topic, payload) => got.push({ topic, bytes: payload.length }));
  await sub.subscribeAsync(filter, { qos: 1 });
  return got;
}

/** Resolves when the broker has closed the client's connection; fails after 10 s. */
const closed = (c: MqttClient) =>
  new Promise<void>((res, rej) => {
    if (!c.connected) return res();
    const t = setTimeout(() => rej(new Error('the broker kept the connection open')), 10_000);
    c.once('close', () => {
      clearTimeout(t);
      res();
    });
  });

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits (up to 10 s) until the subscriber has received something, then a little longer for anything after it. */
async function delivered(got: unknown[]): Promise<void> {
  const end = Date.now() + 10_000;
  while (got.length === 0 && Date.now() < end) await settle(20);
  await settle(100);
}

describe('embedded broker packet size limit', () => {
  it('closes the connection of a client sending a PUBLISH over 2 MiB, delivers nothing of it, and keeps serving', async () => {
    broker = await startEmbeddedBroker('127.0.0.1', 0); // default limit: Mosquitto's message_size_limit
    const got = await subscriber('big/#');
    const big = await connect('big-publisher');
    const gone = closed(big);
    big.publish('big/one', Buffer.alloc(2 * 1024 * 1024 + 1, 1), { qos: 1 });
    await gone;
    expect(big.connected).toBe(false);

    // the broker still serves: a message just under the limit goes through
    const ok = await connect('ok-publisher');
    await ok.publishAsync('big/two', Buffer.alloc(2 * 1024 * 1024 - 64, 1), { qos: 1 });
    await delivered(got);
    expect(got).toEqual([{ topic: 'big/two', bytes: 2 * 1024 * 1024 - 64 }]);
  });

  it('takes its limit from the options and names the refused size in the log', async () => {
    const lines: string[] = [];
    broker = await startEmbeddedBroker('127.0.0.1', 0, { maxPacketBytes: 1024, log: (m) => lines.push(m) });
    const c = await connect('small-limit');
    const gone = closed(c);
    c.publish('x/y', Buffer.alloc(2000), { qos: 0 });
    await gone;
    expect(lines.join('\n')).toMatch(/packet of 20\d\d bytes exceeds .*1024 bytes/);
  });
});

describe('embedded broker publish rules', () => {
  it('checks every rule in order: a refused publish is not delivered and its client is disconnected', async () => {
    const seen: string[] = [];
    broker = await startEmbeddedBroker('127.0.0.1', 0, {
      publishRules: [
        { name: 'first', refuse: (p) => (seen.push(`first ${p.topic}`), null) },
        { name: 'no-secret', refuse: (p) => (p.topic.startsWith('secret/') ? 'secret topics' : null) },
        { name: 'last', refuse: (p) => (seen.push(`last ${p.topic}`), null) },
      ],
    });
    const got = await subscriber('#');
    const bad = await connect('bad');
    const gone = closed(bad);
    bad.publish('secret/x', 'no', { qos: 1 });
    await gone;
    const good = await connect('good');
    await good.publishAsync('open/x', 'yes', { qos: 1 });
    await delivered(got);
    expect(got.map((m) => m.topic)).toEqual(['open/x']);
    expect(seen).toEqual(['first secret/x', 'first open/x', 'last open/x']);
  });

  it('refuses a publish (and keeps serving) when a rule or the sink throws', async () => {
    broker = await startEmbeddedBroker('127.0.0.1', 0, {
      publishRules: [
        {
          name: 'buggy',
          refuse: (p) => {
            if (p.topic === 'boom') throw new Error('bug');
            return null;
          },
        },
      ],
      durableTopics: (t) => t.startsWith('feed/'),
    });
    broker.attachSink((m, done) => {
      if (m.topic === 'feed/boom') throw new Error('sink bug');
      done();
    });
    for (const topic of ['boom', 'feed/boom']) {
      const c = await connect(`throws-${topic.replace('/', '-')}`);
      const gone = closed(c);
      c.publish(topic, 'x', { qos: 1 });
      await gone;
    }
    expect(broker.pendingAcks).toBe(0);
    const ok = await connect('after-throws');
    await ok.publishAsync('feed/fine', 'x', { qos: 1 });
  });

  it('keeps aedes’ default refusal of $SYS topics', async () => {
    broker = await startEmbeddedBroker('127.0.0.1', 0);
    const c = await connect('sys');
    const gone = closed(c);
    c.publish('$SYS/fake', 'x', { qos: 0 });
    await gone;
  });
});

describe('embedded broker durable topics', () => {
  it('acknowledges a QoS 1 publish only once the sink has committed it, holding it until a sink is attached', async () => {
    broker = await startEmbeddedBroker('127.0.0.1', 0, { durableTopics: (t) => t.startsWith('feed/') });
    const got = await subscriber('#');
    const pub = await connect('device');
    let acked = false;
    const publishing = pub.publishAsync('feed/a', 'reading', { qos: 1 }).then(() => (acked = true));

    await settle(300); // no sink yet: held, unacknowledged, not delivered
    expect(acked).toBe(false);
    expect(broker.pendingAcks).toBe(1);
    expect(got).toEqual([]);

    const taken: { m: PublishAttempt; done: () => void }[] = [];
    broker.attachSink((m, done) => taken.push({ m, done }));
    expect(taken.map((t) => [t.m.topic, t.m.payload.toString(), t.m.qos, t.m.clientId])).toEqual([
      ['feed/a', 'reading', 1, 'device'],
    ]);
    await settle(300); // taken but not committed: still no PUBACK
    expect(acked).toBe(false);

    taken[0].done();
    await publishing;
    expect(broker.pendingAcks).toBe(0);
    await delivered(got);
    expect(got.map((m) => m.topic)).toEqual(['feed/a']);

    // other topics pass straight through
    await pub.publishAsync('other/b', 'x', { qos: 1 });
    expect(taken).toHaveLength(1);
  });

  it('acknowledges a whole pipelined window with one commit and never loses the messages behind it', async () => {
    broker = await startEmbeddedBroker('127.0.0.1', 0, { durableTopics: (t) => t.startsWith('feed/') });
    const pending: (() => void)[] = [];
    const topics: string[] = [];
    broker.attachSink((m, done) => {
      topics.push(m.topic);
      pending.push(done);
    });
    const pub = await connect('window');
    let acked = 0;
    const all = Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        pub.publishAsync(`feed/${i}`, String(i), { qos: 1 }).then(() => acked++),
      ),
    );
    // "commits" whatever has arrived, like the batch writer does, until everything is acknowledged
    let commits = 0;
    while (acked < 300) {
      await settle(20);
      if (pending.length) {
        commits++;
        for (const d of pending.splice(0)) d();
      }
    }
    await all;
    expect(new Set(topics).size).toBe(300);
    expect(commits).toBeLessThan(30); // many PUBACKs per commit
  });

  it('holds messages again after the sink is detached (shutdown): no PUBACK for what was not committed', async () => {
    broker = await startEmbeddedBroker('127.0.0.1', 0, { durableTopics: (t) => t.startsWith('feed/') });
    const detach = broker.attachSink((_m, done) => done());
    const pub = await connect('late');
    await pub.publishAsync('feed/before', 'x', { qos: 1 });
    detach();
    let acked = false;
    void pub.publishAsync('feed/after', 'x', { qos: 1 }).then(
      () => (acked = true),
      () => undefined, // the client is ended below with this message still unacknowledged
    );
    await settle(300);
    expect(acked).toBe(false);
    expect(broker.pendingAcks).toBe(1);
  });
});
