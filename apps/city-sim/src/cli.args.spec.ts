import { CATCH_UP_S, defaultStartMs, parseCliArgs } from './cli.args';

describe('parseCliArgs', () => {
  it('has the documented defaults', () => {
    expect(parseCliArgs([], {})).toEqual({
      url: 'mqtt://127.0.0.1:1883',
      city: undefined,
      seed: 1,
      rate: undefined,
      speed: 1,
      durationS: undefined,
      qos: 1,
      startMs: undefined,
      maxAheadS: 0,
      replicas: 1,
      scenario: undefined,
      everyMin: undefined,
      offlineShare: 0.03,
      malformedRate: 0.002,
      followDispatches: true,
      responseSpeed: 1,
      frigatePort: 5000,
      frigateHost: '127.0.0.1',
      help: false,
    });
  });

  it('takes the response speed from --response-speed or SIM_RESPONSE_SPEED, and refuses a bad one', () => {
    expect(parseCliArgs([], { SIM_RESPONSE_SPEED: '15' }).responseSpeed).toBe(15);
    expect(parseCliArgs(['--response-speed', '4'], { SIM_RESPONSE_SPEED: '15' }).responseSpeed).toBe(4);
    expect(() => parseCliArgs(['--response-speed', '0'], {})).toThrow('invalid --response-speed: 0');
    expect(() => parseCliArgs([], { SIM_RESPONSE_SPEED: 'fast' })).toThrow('invalid --response-speed: fast');
    expect(parseCliArgs(['--ignore-dispatches'], {}).followDispatches).toBe(false);
  });

  it('starts the simulated Frigate on --frigate-port, $SIM_FRIGATE_PORT or 5000; off = none', () => {
    expect(parseCliArgs(['--frigate-port', '0'], {}).frigatePort).toBe(0);
    expect(parseCliArgs([], { SIM_FRIGATE_PORT: '5055' }).frigatePort).toBe(5055);
    expect(parseCliArgs(['--frigate-port', 'off'], { SIM_FRIGATE_PORT: '5055' }).frigatePort).toBeNull();
    expect(() => parseCliArgs(['--frigate-port', '70000'], {})).toThrow('invalid --frigate-port: 70000');
    expect(() => parseCliArgs(['--frigate-port', '../x'], {})).toThrow('invalid --frigate-port');
  });

  it('takes the broker from MQTT_URL unless --url is given', () => {
    expect(parseCliArgs([], { MQTT_URL: 'mqtt://broker:1884' }).url).toBe('mqtt://broker:1884');
    expect(parseCliArgs(['--url', 'mqtt://x:1'], { MQTT_URL: 'mqtt://broker:1884' }).url).toBe('mqtt://x:1');
  });

  it('parses every flag', () => {
    const o = parseCliArgs(
      [
        '--city',
        'c.json',
        '--seed',
        '42',
        '--rate',
        '5000',
        '--speed',
        '60',
        '--duration',
        '10',
        '--qos',
        '0',
        '--start',
        '2024-11-22T00:00:00Z',
        '--replicas',
        '4',
        '--max-ahead',
        '30',
      ],
      {},
    );
    expect(o).toMatchObject({
      city: 'c.json',
      seed: 42,
      rate: 5000,
      speed: 60,
      durationS: 10,
      qos: 0,
      startMs: Date.UTC(2024, 10, 22),
      replicas: 4,
      maxAheadS: 30,
    });
    expect(parseCliArgs(['--start', '1000'], {}).startMs).toBe(1000);
  });

  it('rejects bad values and unknown flags', () => {
    expect(() => parseCliArgs(['--qos', '3'], {})).toThrow('invalid --qos');
    expect(() => parseCliArgs(['--speed', '0'], {})).toThrow('invalid --speed');
    expect(() => parseCliArgs(['--seed', 'x'], {})).toThrow('invalid --seed');
    expect(() => parseCliArgs(['--start', 'yesterday'], {})).toThrow('invalid --start');
    expect(() => parseCliArgs(['--max-ahead=-1'], {})).toThrow('invalid --max-ahead');
    expect(() => parseCliArgs(['--bogus'], {})).toThrow();
  });
});

describe('defaultStartMs (servers refuse future times, so compression replays the past)', () => {
  const now = Date.UTC(2026, 11, 4, 9, 0, 0);
  it('starts now at ×1', () => {
    expect(defaultStartMs(1, undefined, now)).toBe(now);
    expect(defaultStartMs(0.5, 60, now)).toBe(now);
  });
  it('a --duration run at ×speed ends at the wall clock', () => {
    const start = defaultStartMs(60, 600, now);
    expect(start + 600 * 60 * 1000).toBe(now + 600 * 1000);
  });
  it('an unbounded run catches up with the wall clock after CATCH_UP_S real seconds', () => {
    const start = defaultStartMs(12, undefined, now);
    expect(start + CATCH_UP_S * 12 * 1000).toBe(now + CATCH_UP_S * 1000);
  });
});
