/** One PUBLISH (or will message) as the embedded broker's rules and ingest see it. */
export interface PublishAttempt {
  /** MQTT client id of the publisher; null for the will of a client aedes no longer knows. */
  clientId: string | null;
  topic: string;
  payload: Buffer;
  qos: 0 | 1 | 2;
  retain: boolean;
  dup: boolean;
}

/**
 * A check every PUBLISH to the embedded broker passes before anything else happens to it (storage,
 * PUBACK, delivery). `refuse` returns why the publish is refused, or null to let it through. A refused
 * publish is neither stored, acknowledged nor delivered, and the client is disconnected: MQTT 3.1.1 has
 * no negative PUBACK (aedes, MQTT-3.3.5-2).
 */
export interface PublishRule {
  name: string;
  refuse(p: PublishAttempt): string | null;
}

/** `$SYS/…` is the broker's own namespace: aedes' default check, kept since we own the hook now. */
export const reservedSysTopics: PublishRule = {
  name: 'reserved-sys',
  refuse: (p) => (p.topic.startsWith('$SYS/') ? '$SYS topics are reserved for the broker' : null),
};

/** The embedded broker's publish rules, checked in order; the first refusal wins. Add new rules here. */
export const EMBEDDED_PUBLISH_RULES: readonly PublishRule[] = [reservedSysTopics];
