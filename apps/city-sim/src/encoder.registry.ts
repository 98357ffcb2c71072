import type { Encoder, SensorFormat } from './encoder.types';
import { senmlEncoder } from './senml.encoder';

/**
 * Encoders by feed format. Formats without one yet (fiware, ttn, zigbee2mqtt) are skipped and counted,
 * so adding a format is one new `<format>.encoder.ts` plus one line here.
 */
export const DEFAULT_ENCODERS: Partial<Record<SensorFormat, Encoder>> = {
  senml: senmlEncoder,
};
