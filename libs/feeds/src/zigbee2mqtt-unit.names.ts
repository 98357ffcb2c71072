/**
 * Units of the Zigbee2MQTT exposes that matter to an operations centre (zigbee2mqtt.io device pages).
 * The state message carries no units; keys not listed here are stored with unit null.
 */
export const ZIGBEE2MQTT_UNITS: Readonly<Record<string, string>> = Object.freeze({
  temperature: '°C',
  device_temperature: '°C',
  local_temperature: '°C',
  humidity: '%',
  soil_moisture: '%',
  pressure: 'hPa',
  illuminance_lux: 'lx',
  battery: '%',
  voltage: 'mV',
  linkquality: 'lqi',
  pm25: 'µg/m³',
  pm10: 'µg/m³',
  co2: 'ppm',
  voc: 'ppb',
  formaldehyd: 'mg/m³',
  power: 'W',
  energy: 'kWh',
  current: 'A',
  noise: 'dB',
});
