import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { DiscoveryService } from '@nestjs/core';
import { z } from 'zod';
import { OpenApiService, type RouteInfo } from '../src/docs/openapi.service';
import type { ApiClient } from './support/api-client';
import { startTestServer, type TestServer } from './support/test-server';

// Issue 15 (one validation path): every route's input is declared once in @ApiDoc and validated by the
// global interceptor, and every bad input answers the one error shape naming the field. Routes come from
// what Nest registered, so a new route is covered without touching this file.
jest.setTimeout(120_000);

const UNKNOWN = 'zzNotAParameter';
/** Values of different JSON types: for each field, the first its schema refuses is sent. */
const WRONG_VALUES: unknown[] = [{ zz: 1 }, 12345, true, 'x', null];

let server: TestServer;
let admin: ApiClient;
/** Field routes answer only responders (403 to admin before any validation). */
let responder: ApiClient;
const clientFor = (r: RouteInfo) => (r.responderOnly ? responder : admin);
let routes: RouteInfo[];

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.as('admin');
  responder = await server.as('responder');
  routes = server.app.get(OpenApiService).routes();
});

afterAll(async () => {
  await server?.close();
});

/** A concrete URL for a route path (parameters filled with a harmless value). */
const urlOf = (r: RouteInfo) => r.path.replace(/:([A-Za-z0-9_]+)/g, 'x');
const name = (r: RouteInfo) => `${r.method} ${r.path}`;

/** The one 400 body: statusCode, the first bad field and its message, and every bad field. */
function expectInputError(route: string, res: { status: number; body: unknown }, field: string): void {
  const b = res.body as { statusCode?: number; field?: string; message?: string; errors?: unknown };
  const errors = Array.isArray(b.errors) ? (b.errors as { field: string; message: string }[]) : [];
  expect({
    route,
    status: res.status,
    statusCode: b.statusCode,
    named: errors.some((e) => e.field === field),
  }).toEqual({ route, status: 400, statusCode: 400, named: true });
  expect({ route, field: b.field, message: b.message }).toEqual({
    route,
    field: errors[0].field,
    message: errors[0].message,
  });
  for (const e of errors) expect(e).toEqual({ field: expect.any(String), message: expect.any(String) });
}

describe('every route with input', () => {
  it('declares in @ApiDoc the schema of each input its handler reads (@Query(), @Body())', () => {
    const classes = new Map(
      server.app
        .get(DiscoveryService)
        .getControllers()
        .map((w) => [w.metatype?.name, w.metatype] as const),
    );
    const undeclared: string[] = [];
    for (const r of routes) {
      const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, classes.get(r.controller)!, r.handler) ??
        {}) as Record<string, { data?: unknown }>;
      for (const [key, a] of Object.entries(args)) {
        const type = Number(key.split(':')[0]);
        if (type === RouteParamtypes.QUERY && !r.doc.query)
          undeclared.push(`${name(r)}: @Query without a schema`);
        if (type === RouteParamtypes.BODY && !r.doc.body)
          undeclared.push(`${name(r)}: @Body without a schema`);
        if (type === RouteParamtypes.PARAM && a.data === undefined && !r.doc.params)
          undeclared.push(`${name(r)}: @Param() without a schema`);
      }
    }
    expect(undeclared).toEqual([]);
    // the routes below exist, so the checks that follow are not vacuous
    expect(routes.filter((r) => r.doc.query).length).toBeGreaterThanOrEqual(15);
    expect(routes.filter((r) => r.doc.body).length).toBeGreaterThanOrEqual(15);
  });

  it('refuses an unknown query parameter with 400 naming it', async () => {
    const withQuery = routes.filter((r) => r.doc.query);
    for (const r of withQuery) {
      const res = await clientFor(r).request(
        r.method,
        `${urlOf(r)}?${UNKNOWN}=1`,
        r.method === 'GET' ? undefined : {},
      );
      expectInputError(name(r), res, UNKNOWN);
      expect((res.body as { errors: unknown[] }).errors).toContainEqual({
        field: UNKNOWN,
        message: 'unknown field',
      });
    }
  });

  it('refuses a body field of the wrong type with 400 naming it, and a body that is not an object', async () => {
    const withBody = routes.filter((r) => r.doc.body);
    for (const r of withBody) {
      const schema = r.doc.body;
      if (!(schema instanceof z.ZodObject)) throw new Error(`${name(r)}: body schema is not an object`);
      for (const [field, fieldSchema] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
        const wrong = WRONG_VALUES.find((v) => !fieldSchema.safeParse(v).success);
        expectInputError(name(r), await clientFor(r).request(r.method, urlOf(r), { [field]: wrong }), field);
      }
      expectInputError(name(r), await clientFor(r).request(r.method, urlOf(r), [1, 2]), 'body');
    }
  });
});

describe('the one error shape', () => {
  it('carries statusCode and message on 404 and 409 answers too', async () => {
    expect((await admin.get('/api/devices/no-such-device')).body).toEqual({
      statusCode: 404,
      message: 'device no-such-device not found',
    });
    const taken = await admin.post('/api/users', {
      username: server.admin.username,
      role: 'operator',
      password: 'a-long-password',
    });
    expect({ status: taken.status, body: taken.body }).toEqual({
      status: 409,
      body: { statusCode: 409, message: 'username is taken', field: 'username' },
    });
  });
});

describe('controllers', () => {
  it('call no hand-written parse helper and build no error body by hand', () => {
    const src = join(__dirname, '../src');
    const files = (readdirSync(src, { recursive: true }) as string[]).filter((f) =>
      f.endsWith('.controller.ts'),
    );
    expect(files.length).toBeGreaterThanOrEqual(10);
    const found: string[] = [];
    const forbidden: [RegExp, string][] = [
      [/\bimport\s*\{[^}]*\bparse\w*[^}]*\}/, 'imports a parse helper'],
      [/\bparse[A-Z]\w*\s*\(/, 'calls a parse helper'],
      [/(?<!\b(?:Date|JSON))\.(?:safeParse|parse|parseAsync|safeParseAsync)\s*\(/, 'parses with a schema'],
      [/\bstatusCode\s*:/, 'builds an error body'],
      [/new (?:BadRequest|Conflict|NotFound)Exception\(/, 'builds an error body'],
      [/@(?:Body|Query)\(\)\s+\w+\s*:\s*(?:unknown|Record<)/, 'reads unvalidated input'],
    ];
    for (const f of files) {
      const text = readFileSync(join(src, f), 'utf8');
      for (const [re, what] of forbidden) if (re.test(text)) found.push(`${f}: ${what}`);
    }
    expect(found).toEqual([]);
  });
});
