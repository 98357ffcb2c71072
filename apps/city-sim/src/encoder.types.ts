import type { CitySensor } from '@ioc/contracts/city.schema';
import type { SensorSample } from './sensor.model';

/** One MQTT message ready to publish. */
export interface EncodedMessage {
  topic: string;
  payload: Buffer;
}

/**
 * Turns one sample of one device into the wire format of its feed. Pure. `k` is the device's message
 * index (frame counters such as LoRaWAN f_cnt).
 */
export type Encoder = (sensor: CitySensor, sample: SensorSample, k?: number) => EncodedMessage;

export type SensorFormat = CitySensor['format'];
