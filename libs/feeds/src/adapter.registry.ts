import type { AdapterResult } from '@ioc/contracts/feed-result.schema';
import type { AdapterContext, AdapterName, FeedAdapter } from './adapter.types';
import { citizenReportAdapter } from './citizen-report.adapter';
import { fiwareAdapter } from './fiware.adapter';
import { frigateAdapter } from './frigate.adapter';
import { owntracksAdapter } from './owntracks.adapter';
import { senmlAdapter } from './senml.adapter';
import { reject, skip } from './result.util';
import { routeTopic, type TopicRoute } from './topic.router';
import { ttnAdapter } from './ttn.adapter';
import { zigbee2mqttAdapter } from './zigbee2mqtt.adapter';

export const ADAPTERS: Readonly<Record<AdapterName, FeedAdapter>> = Object.freeze({
  senml: senmlAdapter,
  zigbee2mqtt: zigbee2mqttAdapter,
  ttn: ttnAdapter,
  fiware: fiwareAdapter,
  frigate: frigateAdapter,
  owntracks: owntracksAdapter,
  'citizen-report': citizenReportAdapter,
});

export interface AdaptedMessage {
  /** Null when no route matched; the result is then a rejection with reason "no route". */
  adapter: AdapterName | null;
  result: AdapterResult;
}

/** Route + adapt one MQTT message. `retained` is the MQTT retain flag of the delivery. */
export function adaptMessage(
  topic: string,
  payload: Uint8Array,
  receivedAt: Date,
  ctx: AdapterContext,
  routes: readonly TopicRoute[],
  retained = false,
): AdaptedMessage {
  const route = routeTopic(topic, routes);
  if (route === null) return { adapter: null, result: reject('no route') };
  if (retained && route.retained === 'skip')
    return { adapter: route.adapter, result: skip('retained message (old state, not an event)') };
  return { adapter: route.adapter, result: ADAPTERS[route.adapter](topic, payload, receivedAt, ctx) };
}
