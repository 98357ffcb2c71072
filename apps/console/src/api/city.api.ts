import { CitySchema, type City } from '@ioc/contracts/city.schema';
import { ConsoleConfigSchema, type ConsoleConfig } from '@ioc/contracts/console-config.dto';
import { SensorStateSchema, type SensorState } from '@ioc/contracts/sensor-state.schema';
import { z } from 'zod';
import { getJson } from './http.client';

const SensorStatesSchema = z.object({ states: z.array(SensorStateSchema) });

export interface Bootstrap {
  city: City;
  config: ConsoleConfig;
  states: SensorState[];
}

/** Everything the console needs before it can draw: city, runtime config, last known sensor values. */
export async function loadBootstrap(signal?: AbortSignal): Promise<Bootstrap> {
  const [city, config, { states }] = await Promise.all([
    getJson('/api/city', CitySchema, signal),
    getJson('/api/config', ConsoleConfigSchema, signal),
    getJson('/api/sensors/state', SensorStatesSchema, signal),
  ]);
  return { city, config, states };
}
