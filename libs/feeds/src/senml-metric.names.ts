/**
 * Metric name for SenML records that carry no name of their own (RFC 8428 §5.1.4 names records only by
 * base name + unit). Units from the SenML units registry; anything else keeps the unit as the metric name.
 */
export const SENML_UNIT_METRICS: Readonly<Record<string, string>> = Object.freeze({
  Cel: 'temperature',
  K: 'temperature',
  '%RH': 'humidity',
  '%EL': 'battery',
  V: 'voltage',
  A: 'current',
  W: 'power',
  J: 'energy',
  Pa: 'pressure',
  lx: 'illuminance',
  Hz: 'frequency',
  'm/s': 'speed',
  'beat/min': 'heart_rate',
});
