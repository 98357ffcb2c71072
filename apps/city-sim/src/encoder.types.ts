import type { CitySensor } from '@ioc/contracts/city.schema';
import type { SensorSample } from './sensor.model';

/** One MQTT message ready to publish. */
export interface EncodedMessage {
  topic: string;
  payload: Buffer;
}

/** Turns one sample of one device into the wire format of its feed. Pure. */
export type Encoder = (sensor: CitySensor, sample: SensorSample) => EncodedMessage;

export type SensorFormat = CitySensor['format'];
