import type { Encoder } from './encoder.types';

/** Our metric names → FIWARE AirQualityObserved attributes (smart data model dataModel.Environment). */
const ATTRIBUTES: Record<string, string> = {
  pm25: 'pm25',
  pm10: 'pm10',
  no2: 'no2',
  o3: 'o3',
  co: 'co',
  so2: 'so2',
  temperature: 'temperature',
  // The data model's relativeHumidity is a fraction (0.54), not a percentage.
  humidity: 'relativeHumidity',
};

/**
 * An NGSI-LD AirQualityObserved entity in keyValues form, as a context broker's MQTT notification or an
 * IoT agent would publish it on `ngsi-ld/AirQualityObserved/<entity id>`. `refDevice` names our device
 * (the adapter takes the device id from it); `dateObserved` is UTC; concentrations are µg/m³.
 */
export const fiwareEncoder: Encoder = (sensor, sample) => {
  const id = `urn:ngsi-ld:AirQualityObserved:${sensor.id}`;
  const entity: Record<string, unknown> = {
    id,
    type: 'AirQualityObserved',
    dateObserved: new Date(sample.timeMs).toISOString(),
    refDevice: `urn:ngsi-ld:Device:${sensor.id}`,
    location: { type: 'Point', coordinates: [sensor.lon, sensor.lat] },
    typeOfLocation: 'outdoor',
    areaServed: sensor.ward,
  };
  for (const { metric, value } of sample.values) {
    const name = ATTRIBUTES[metric] ?? metric;
    entity[name] = metric === 'humidity' ? Math.round(value * 10) / 1000 : value;
  }
  entity['@context'] = [
    'https://raw.githubusercontent.com/smart-data-models/dataModel.Environment/master/context.jsonld',
  ];
  return { topic: `ngsi-ld/AirQualityObserved/${id}`, payload: Buffer.from(JSON.stringify(entity)) };
};
