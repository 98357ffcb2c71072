import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../src/config/config.loader';
import { EnvSchema } from '../src/config/config.schema';

describe('server configuration', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(8080);
    expect(c.IOC_ROLES).toEqual(['ingest', 'api', 'live']);
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.MQTT_URL).toBeUndefined();
    expect(c.DATA_DIR).toBe('./.data');
    expect(c.SIM).toBe(false);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://x'],
    ['MQTT_URL', 'not a url'],
    ['IOC_ROLES', 'ingest,cooking'],
    ['SIM', 'maybe'],
    ['LOG_LEVEL', 'loud'],
    ['INGEST_BATCH_MS', '500'],
    ['DEVICE_AUTOREGISTER_BY_FEED', 'lorawan=10'],
    ['DEVICE_AUTOREGISTER_BY_FEED', 'senml=-1'],
    ['DEVICE_AUTOREGISTER_MAX', 'many'],
    ['OFFLINE_MASS_MIN_DEVICES', '1'],
  ])('rejects %s=%s with one line naming the variable', (name, value) => {
    let err: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const msg = (err as Error).message;
    expect(msg).toContain(name);
    expect(msg.split('\n')).toHaveLength(1);
  });

  it('takes TRUST_PROXY as off, a hop count or proxy addresses, and refuses "true" and junk', () => {
    expect(loadConfig({}).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8, fd00::1' }).TRUST_PROXY).toEqual([
      'loopback',
      '10.0.0.0/8',
      'fd00::1',
    ]);
    for (const bad of ['true', '10.0.0.0/33', 'proxy.example', '99'])
      expect(() => loadConfig({ TRUST_PROXY: bad })).toThrow(/^Invalid configuration: TRUST_PROXY=/);
  });

  it('parses roles and booleans', () => {
    const c = loadConfig({ IOC_ROLES: 'live, ingest', SIM: 'true', PORT: '9000' });
    expect(c.IOC_ROLES).toEqual(['live', 'ingest']);
    expect(c.SIM).toBe(true);
    expect(c.PORT).toBe(9000);
  });

  it('parses per-feed self-registration caps', () => {
    expect(loadConfig({}).DEVICE_AUTOREGISTER_BY_FEED).toEqual({});
    const c = loadConfig({
      DEVICE_AUTOREGISTER_BY_FEED: 'zigbee2mqtt=20000, senml = 0',
      DEVICE_AUTOREGISTER_MAX: '50',
    });
    expect(c.DEVICE_AUTOREGISTER_BY_FEED).toEqual({ zigbee2mqtt: 20000, senml: 0 });
    expect(c.DEVICE_AUTOREGISTER_MAX).toBe(50);
  });

  it('.env.example lists exactly the variables the schema reads', () => {
    const text = readFileSync(join(__dirname, '../../../.env.example'), 'utf8');
    const documented = [...text.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]).sort();
    expect(documented).toEqual(Object.keys(EnvSchema.shape).sort());
  });
});
