import type { Encoder, SensorFormat } from './encoder.types';
import { fiwareEncoder } from './fiware.encoder';
import { senmlEncoder } from './senml.encoder';
import { ttnEncoder } from './ttn.encoder';
import { zigbee2mqttEncoder } from './zigbee2mqtt.encoder';

/**
 * Encoders by feed format. A format without one is skipped and counted, so adding a format is one new
 * `<format>.encoder.ts` plus one line here.
 */
export const DEFAULT_ENCODERS: Partial<Record<SensorFormat, Encoder>> = {
  senml: senmlEncoder,
  fiware: fiwareEncoder,
  ttn: ttnEncoder,
  zigbee2mqtt: zigbee2mqttEncoder,
};
