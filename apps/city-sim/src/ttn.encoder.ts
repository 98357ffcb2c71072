import type { Encoder } from './encoder.types';
import { hashKey } from './keyed-noise.prng';

/** The Things Stack application the demo city's LoRaWAN devices belong to. */
export const TTN_APPLICATION = 'phan-thiet-iot';

function hex(n: number, digits: number): string {
  return (n >>> 0).toString(16).toUpperCase().padStart(8, '0').slice(-digits);
}

/** A stable DevEUI per device id (64 bits from two hashes). */
export function devEuiOf(deviceId: string): string {
  return hex(hashKey('deveui-hi', deviceId), 8) + hex(hashKey('deveui-lo', deviceId), 8);
}

/**
 * A The Things Stack v3 uplink (`v3/<app>/devices/<dev>/up`) with the payload formatter's output in
 * `decoded_payload` (one key per metric) and the raw bytes in `frm_payload`. `f_cnt` is the message
 * index + 1 (TTS omits f_cnt 0), so (dev_eui, session, f_cnt) — the ingest's dedupe key — is unique.
 */
export const ttnEncoder: Encoder = (sensor, sample, k = 0) => {
  const at = new Date(sample.timeMs).toISOString();
  const gatewayAt = new Date(sample.timeMs - 230).toISOString();
  const decoded: Record<string, number | boolean> = {};
  for (const { metric, value } of sample.values)
    decoded[metric] = metric === 'water_leak' ? value !== 0 : value;
  // frm_payload: int16 per value ×10, big-endian, as a simple Cayenne-like decoder would read it.
  const bytes = Buffer.alloc(sample.values.length * 2);
  sample.values.forEach(({ value }, i) =>
    bytes.writeInt16BE(Math.max(-32768, Math.min(32767, Math.round(value * 10))), i * 2),
  );
  const h = hashKey('ttn', sensor.id);
  const up = {
    end_device_ids: {
      device_id: sensor.id,
      application_ids: { application_id: TTN_APPLICATION },
      dev_eui: devEuiOf(sensor.id),
      join_eui: '70B3D57ED0000000',
      dev_addr: hex(h, 8),
    },
    correlation_ids: [`as:up:${hex(h, 8)}${hex(k, 8)}`],
    received_at: at,
    uplink_message: {
      session_key_id: Buffer.from(`${sensor.id}-session`).toString('base64'),
      f_port: 2,
      f_cnt: k + 1,
      frm_payload: bytes.toString('base64'),
      decoded_payload: decoded,
      rx_metadata: [
        {
          gateway_ids: { gateway_id: 'pt-gw-01', eui: 'A840411D4C384150' },
          time: gatewayAt,
          rssi: -70 - (h % 40),
          channel_rssi: -70 - (h % 40),
          snr: 7.5 - (h % 10),
          location: { latitude: 10.9289, longitude: 108.1021, altitude: 30, source: 'SOURCE_REGISTRY' },
        },
      ],
      settings: {
        data_rate: { lora: { bandwidth: 125000, spreading_factor: 9, coding_rate: '4/5' } },
        frequency: '923200000',
        time: gatewayAt,
      },
      received_at: at,
      consumed_airtime: '0.185344s',
      version_ids: { brand_id: 'dragino', model_id: 'lse01', band_id: 'AS_923' },
      network_ids: { net_id: '000013', tenant_id: 'ttn', cluster_id: 'au1' },
    },
  };
  return {
    topic: `v3/${TTN_APPLICATION}/devices/${sensor.id}/up`,
    payload: Buffer.from(JSON.stringify(up)),
  };
};
