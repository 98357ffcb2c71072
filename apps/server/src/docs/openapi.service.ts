import { Inject, Injectable, RequestMethod } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { DEFAULT_MIN_ROLE, ROLE_ORDER, type Role } from '@ioc/contracts/auth.schema';
import { z } from 'zod';
import { BOOT, type BootContext } from '../config/boot.context';
import { MIN_ROLE_KEY } from '../auth/min-role.decorator';
import { PUBLIC_KEY } from '../auth/public.decorator';
import { RESPONDER_ONLY_KEY } from '../auth/responder-only.decorator';
import { API_DOC_KEY, type ApiDocOptions } from '../common/http/api-doc.decorator';

/** One registered REST route as the guard sees it. */
export interface RouteInfo {
  method: string;
  /** Express-style path, e.g. `/api/devices/:id`. */
  path: string;
  public: boolean;
  /** Lowest role allowed; null for public routes (routes without @MinRole need a console role). */
  minRole: Role | null;
  /** Field routes: responders only (x-min-role is then `responder`). */
  responderOnly: boolean;
  controller: string;
  handler: string;
  status: number;
  doc: ApiDocOptions;
}

const joinPath = (...parts: string[]) => ('/' + parts.join('/')).replace(/\/+/g, '/').replace(/(.)\/$/, '$1');

const jsonSchema = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' });

/**
 * Builds the route list and the OpenAPI 3.1 document from what Nest actually registered (controller and
 * handler metadata, @Public/@MinRole, @ApiDoc zod schemas), so the document cannot drift from the code.
 */
@Injectable()
export class OpenApiService {
  private cache: Record<string, unknown> | null = null;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    @Inject(BOOT) private readonly boot: BootContext,
  ) {}

  routes(): RouteInfo[] {
    const out: RouteInfo[] = [];
    for (const w of this.discovery.getControllers()) {
      const cls = w.metatype as (new (...a: never[]) => unknown) | null;
      if (!cls) continue;
      const base = ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, cls) ?? '');
      for (const name of this.scanner.getAllMethodNames(cls.prototype)) {
        const fn = (cls.prototype as Record<string, unknown>)[name] as object;
        const sub = Reflect.getMetadata(PATH_METADATA, fn) as string | string[] | undefined;
        const method = Reflect.getMetadata(METHOD_METADATA, fn) as RequestMethod | undefined;
        if (sub === undefined || method === undefined) continue;
        const targets = [fn as () => void, cls];
        const isPublic = !!this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets);
        const min = this.reflector.getAllAndOverride<Role | undefined>(MIN_ROLE_KEY, targets);
        const responderOnly = !!this.reflector.getAllAndOverride<boolean>(RESPONDER_ONLY_KEY, targets);
        const verb = RequestMethod[method];
        for (const b of base)
          for (const s of ([] as string[]).concat(sub))
            out.push({
              method: verb,
              path: joinPath(b, s),
              public: isPublic,
              minRole: isPublic ? null : responderOnly ? 'responder' : (min ?? DEFAULT_MIN_ROLE),
              responderOnly: !isPublic && responderOnly,
              controller: cls.name,
              handler: name,
              status:
                (Reflect.getMetadata(HTTP_CODE_METADATA, fn) as number | undefined) ??
                (verb === 'POST' ? 201 : 200),
              doc: (Reflect.getMetadata(API_DOC_KEY, fn) as ApiDocOptions | undefined) ?? {},
            });
      }
    }
    return out.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
  }

  document(): Record<string, unknown> {
    return (this.cache ??= this.build());
  }

  private build(): Record<string, unknown> {
    const paths: Record<string, Record<string, unknown>> = {};
    for (const r of this.routes()) {
      const oaPath = r.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
      const p = r.doc.params instanceof z.ZodObject ? (r.doc.params.shape as Record<string, z.ZodType>) : {};
      const parameters: Record<string, unknown>[] = [...r.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => ({
        name: m[1],
        in: 'path',
        required: true,
        schema: p[m[1]] ? jsonSchema(p[m[1]]) : { type: 'string' },
      }));
      const q = r.doc.query;
      if (q instanceof z.ZodObject) {
        for (const [name, field] of Object.entries(q.shape as Record<string, z.ZodType>)) {
          parameters.push({
            name,
            in: 'query',
            // optional and defaulted fields both accept a missing value
            required: !field.safeParse(undefined).success,
            schema: jsonSchema(field),
          });
        }
      }
      const responses: Record<string, unknown> = {
        [r.status]: {
          description: 'success',
          ...(r.doc.response && { content: { 'application/json': { schema: jsonSchema(r.doc.response) } } }),
        },
      };
      if (q || r.doc.body || r.doc.params)
        responses['400'] = { description: 'invalid input; `field` names the first bad field' };
      if (!r.public) {
        responses['401'] = { description: 'missing, invalid or expired access token' };
        if (r.responderOnly) responses['403'] = { description: "not a responder, or not the caller's unit" };
        else if (r.minRole !== ROLE_ORDER[0])
          responses['403'] = { description: `role below ${r.minRole} (responders: only the field view)` };
      }
      (paths[oaPath] ??= {})[r.method.toLowerCase()] = {
        operationId: `${r.controller}.${r.handler}`,
        tags: [r.controller.replace(/Controller$/, '')],
        summary: r.doc.summary,
        description: r.public
          ? 'Public: no token needed.'
          : r.responderOnly
            ? "Field view: a responder's bearer access token; acts on the responder's own unit only."
            : `Requires a bearer access token of role ${r.minRole} or higher.`,
        security: r.public ? [] : [{ bearer: [] }],
        'x-public': r.public,
        'x-min-role': r.minRole,
        'x-responder-only': r.responderOnly,
        parameters,
        ...(r.doc.body && {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: jsonSchema(r.doc.body) } },
          },
        }),
        responses,
      };
    }
    return {
      openapi: '3.1.0',
      info: {
        title: 'IOC console API',
        version: this.boot.version,
        description:
          'Every route needs `Authorization: Bearer <accessToken>` from POST /api/auth/login, except the ' +
          'public ones. Roles are ordered operator < supervisor < admin; `x-min-role` is the lowest allowed. ' +
          'The live feed is socket.io at /socket.io with the access token in `auth.token`.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      security: [{ bearer: [] }],
      paths,
    };
  }
}
