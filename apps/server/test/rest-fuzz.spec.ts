import { mulberry32 } from '@ioc/domain/mulberry32.prng';
import { startTestServer, type TestServer } from './support/test-server';
import type { ApiClient } from './support/api-client';

// REST fuzz (issue 9, acceptance 2): generated bodies and query strings against every operation the
// OpenAPI document at /api/docs lists, as admin — structure-aware (built from each operation's JSON schema,
// then fields mutated, dropped, retyped) plus junk (non-JSON, wrong top-level types, deep nesting, huge
// numbers, NUL, long strings). Invalid input is the client's fault: the answer must be < 500, always.
jest.setTimeout(240_000);

const BODIES_PER_OP = Number(process.env.REST_FUZZ_BODIES ?? 60);
const QUERIES_PER_OP = Number(process.env.REST_FUZZ_QUERIES ?? 30);

interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  enum?: unknown[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  format?: string;
  minimum?: number;
  maximum?: number;
}
interface Operation {
  operationId: string;
  parameters?: { name: string; in: 'query' | 'path'; schema?: Schema }[];
  requestBody?: { content: { 'application/json': { schema: Schema } } };
}

const rand = mulberry32(0x5eed9);
const int = (n: number) => Math.floor(rand() * n);
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
const STRINGS = [
  '',
  ' ',
  'a',
  'x'.repeat(5000),
  'ế'.repeat(300),
  '\u0000',
  "' OR 1=1 --",
  '<script>alert(1)</script>',
  '2026-13-45T99:99:99Z',
  '2026-11-23T08:00:00Z',
  '00000000-0000-0000-0000-000000000000',
  'NaN',
  '-1',
  '1e309',
  '\uD800',
  '{"a":1}',
  '../../etc/passwd',
  'fire',
  'flood',
  'operator',
  'supervisor',
];
const NUMBERS = [0, -1, 1, 0.5, 1e308, -1e308, 2 ** 53, 91, -181, 1e-320, 65536, 10.93, 108.1];
function junk(depth = 3): unknown {
  const k = int(7);
  if (depth <= 0 || k === 0) return pick(STRINGS);
  if (k === 1) return pick(NUMBERS);
  if (k === 2) return rand() < 0.5;
  if (k === 3) return null;
  if (k === 4) return Array.from({ length: int(4) }, () => junk(depth - 1));
  const o: Record<string, unknown> = {};
  for (let i = int(4); i > 0; i--)
    o[pick(['a', 'id', 'status', '__proto__', 'constructor', 'text'])] = junk(depth - 1);
  return o;
}
/** A plausible value for a schema (valid more often than not), so mutations reach past the first check. */
function fromSchema(s: Schema | undefined, depth = 4): unknown {
  if (!s || depth <= 0) return junk(1);
  if (s.enum) return pick(s.enum);
  const alt = s.anyOf ?? s.oneOf;
  if (alt) return fromSchema(pick(alt), depth);
  const type = Array.isArray(s.type) ? pick(s.type) : s.type;
  switch (type) {
    case 'object': {
      const o: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s.properties ?? {}))
        if (rand() < 0.85) o[k] = fromSchema(v, depth - 1);
      return o;
    }
    case 'array':
      return Array.from({ length: int(4) }, () => fromSchema(s.items, depth - 1));
    case 'integer':
      return rand() < 0.7 ? Math.floor((s.minimum ?? 0) + rand() * 10) : pick(NUMBERS);
    case 'number':
      return rand() < 0.7 ? (s.minimum ?? 10) + rand() : pick(NUMBERS);
    case 'boolean':
      return rand() < 0.5;
    case 'null':
      return null;
    case 'string':
      if (s.format === 'date-time') return rand() < 0.7 ? new Date().toISOString() : pick(STRINGS);
      return rand() < 0.6 ? `fuzz ${int(1000)}` : pick(STRINGS);
    default:
      return junk(2);
  }
}
/** Valid-looking body with one to three fields replaced, removed or retyped — or plain junk. */
function body(schema: Schema | undefined): string {
  const r = rand();
  if (r < 0.15)
    return pick(['', '{', 'null', '[]', '"x"', '{"a":', 'x'.repeat(2000), '{"__proto__":{"x":1}}']);
  if (r < 0.3) return JSON.stringify(junk(4)) ?? 'null';
  const v = fromSchema(schema);
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(schema?.properties ?? {});
    for (let n = 1 + int(3); n > 0 && keys.length > 0; n--) {
      const k = pick(keys);
      if (rand() < 0.3) delete o[k];
      else o[k] = junk(2);
    }
  }
  return JSON.stringify(v) ?? 'null';
}
/** Percent-encodes; a lone surrogate (not encodable) goes out as invalid UTF-8 bytes instead. */
function enc(v: unknown): string {
  try {
    return encodeURIComponent(String(v));
  } catch {
    return '%ED%A0%80';
  }
}
function query(op: Operation): string {
  const qs = (op.parameters ?? []).filter((p) => p.in === 'query');
  const parts: string[] = [];
  for (const p of qs)
    if (rand() < 0.6) {
      const v = rand() < 0.5 ? fromSchema(p.schema, 1) : junk(0);
      parts.push(`${enc(p.name)}=${enc(v)}`);
    }
  if (rand() < 0.3) parts.push(`${pick(['limit', 'offset', 'bbox', 'x[]', 'a[b]'])}=${enc(junk(0))}`);
  if (rand() < 0.1) parts.push(parts[0] ?? 'a=1'); // a repeated parameter arrives as an array
  return parts.length ? `?${parts.join('&')}` : '';
}

let server: TestServer;
let admin: ApiClient;
beforeAll(async () => {
  server = await startTestServer();
  admin = await server.as('admin');
});
afterAll(async () => {
  await server?.close();
});

it('answers every generated body and query string with < 500', async () => {
  const doc = (await admin.get('/api/docs')).body as { paths: Record<string, Record<string, Operation>> };
  // Real ids as well as junk for path parameters, so valid paths reach the handlers' bodies.
  const reports = await (
    await server.as('operator')
  ).post('/api/reports', {
    text: 'Cháy nhỏ trước chợ (fuzz)',
    category: 'fire',
    lat: 10.93,
    lon: 108.1,
  });
  const ids: string[] = [];
  const incidents = (await admin.get('/api/incidents')).body as
    { items?: { id: string }[] } | { id: string }[];
  for (const i of Array.isArray(incidents) ? incidents : (incidents.items ?? [])) ids.push(i.id);
  ids.push(
    admin.user!.id,
    '1',
    'abc',
    '00000000-0000-0000-0000-000000000000',
    "1'--",
    '%00',
    'x'.repeat(300),
  );
  expect(reports.status).toBeLessThan(500);

  const statuses = new Map<number, number>();
  const failures: string[] = [];
  let requests = 0;
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      // logout would end the admin session the fuzz runs in; its body is still fuzzed via refresh/login
      if (/logout/i.test(op.operationId)) continue;
      const schema = op.requestBody?.content['application/json'].schema;
      const n = method === 'get' ? QUERIES_PER_OP : BODIES_PER_OP;
      for (let i = 0; i < n; i++) {
        const p = path.replace(/\{[^}]+\}/g, () => enc(pick(ids)));
        const url = p + query(op);
        const payload = method === 'get' || method === 'delete' ? undefined : body(schema);
        const r = await admin.request(method.toUpperCase(), url, payload);
        requests++;
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        if (r.status >= 500)
          failures.push(`${method.toUpperCase()} ${url} ${payload?.slice(0, 200) ?? ''} → ${r.status}`);
      }
    }
  }
  const by = [...statuses.entries()].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`);
  console.log(
    `REST fuzz: ${requests} requests over ${Object.keys(doc.paths).length} paths, ${failures.length} responses ≥ 500 (${by.join(', ')})`,
  );
  expect(failures).toEqual([]);
  expect(requests).toBeGreaterThan(500);
  expect((await admin.get('/api/health')).status).toBe(200);
});
