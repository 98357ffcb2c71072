import type { MqttClient } from 'mqtt';

/**
 * A stream of QoS 1 single-reading SenML messages, `total` in all over `devices` devices, each message a
 * distinct (device, time) with its index as the value, so lost and duplicated rows can be counted. Sent by
 * `concurrency` loops over one connection, as the kill -9 fault tests need; times start a day back (inside the
 * retention window).
 */
export function publishSenmlStream(
  pub: MqttClient,
  opts: { prefix: string; total: number; devices: number; concurrency?: number },
): { done: Promise<void>; acked: () => number } {
  const t0 = Math.floor(Date.now() / 1000) - 86_400;
  let next = 0;
  let acked = 0;
  const loop = async () => {
    while (next < opts.total) {
      const i = next++;
      const device = `${opts.prefix}-${i % opts.devices}`;
      const payload = JSON.stringify([
        { bn: `${device}:`, bt: t0 + Math.floor(i / opts.devices), n: 'pm25', u: 'ug/m3', v: i },
      ]);
      await pub.publishAsync(`ioc/senml/${device}`, payload, { qos: 1 });
      acked++;
    }
  };
  const done = Promise.all(Array.from({ length: opts.concurrency ?? 500 }, loop)).then(() => undefined);
  return { done, acked: () => acked };
}
