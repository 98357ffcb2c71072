import type { MqttClient } from 'mqtt';

type SendPacket = (packet: { cmd: string; messageId?: number; reasonCode?: number }, cb?: () => void) => void;

/**
 * MQTT.js processes incoming packets strictly one after another and sends a QoS 1 PUBACK as soon as
 * `customHandleAcks` answers — holding that answer until a database commit would stall the whole
 * stream (one message per batch). So we answer at once, but intercept the PUBACK the client then
 * sends for a message we took ownership of and send it ourselves when its batch has committed.
 * Until then the broker keeps the message unacknowledged and redelivers it after a crash.
 */
export class DeferredPuback {
  private readonly held = new Set<number>();
  private corked = false;
  private readonly send: SendPacket;

  constructor(private readonly client: MqttClient) {
    const c = client as unknown as { _sendPacket?: SendPacket };
    // MQTT.js internals (5.x): fail at start, not by acknowledging too early, if an upgrade moves them.
    // apps/server/test/deferred-puback.spec.ts checks the behaviour against a real broker.
    if (typeof c._sendPacket !== 'function')
      throw new Error(
        'DeferredPuback: MqttClient._sendPacket is gone (MQTT.js upgrade?); the PUBACK cannot be deferred',
      );
    this.send = c._sendPacket.bind(client);
    c._sendPacket = (packet, cb) => {
      if (packet.cmd === 'puback' && packet.messageId !== undefined && this.held.has(packet.messageId)) {
        // Let the client's packet pipeline move on; the real PUBACK goes out from ack().
        cb?.();
        return;
      }
      this.send(packet, cb);
    };
    // Acks belong to one connection; after a reconnect the broker redelivers whatever we had not acked.
    client.on('close', () => this.held.clear());
  }

  /** Take ownership of a QoS 1 message's acknowledgement; returns the function that sends it. */
  hold(messageId: number): () => void {
    this.held.add(messageId);
    return () => {
      if (!this.held.delete(messageId)) return; // connection changed meanwhile: broker will redeliver
      if (!this.client.connected) return;
      this.corkUntilNextTick();
      this.send({ cmd: 'puback', messageId, reasonCode: 0 });
    };
  }

  /**
   * A committed batch acknowledges its messages in one synchronous loop: corked, their PUBACKs leave in
   * one write instead of one syscall each.
   */
  private corkUntilNextTick(): void {
    const stream = this.client.stream as { cork?: () => void; uncork?: () => void } | undefined;
    if (this.corked || !stream?.cork || !stream.uncork) return;
    this.corked = true;
    stream.cork();
    process.nextTick(() => {
      this.corked = false;
      stream.uncork!();
    });
  }

  get pending(): number {
    return this.held.size;
  }
}
