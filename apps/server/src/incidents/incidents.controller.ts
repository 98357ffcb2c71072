import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  Query,
  UnauthorizedException,
} from '@nestjs/common';
import type { AuthUser } from '@ioc/contracts/auth.schema';
import {
  AckBodySchema,
  AssignBodySchema,
  CancelBodySchema,
  CloseBodySchema,
  CommentBodySchema,
  DispatchBodySchema,
  ResolveBodySchema,
  SopTickBodySchema,
  UnitProgressBodySchema,
} from '@ioc/contracts/incident-command.dto';
import type { IncidentDetail, IncidentList, NearestUnit } from '@ioc/contracts/incident-detail.dto';
import { searchKey } from '@ioc/domain/fold-diacritics';
import { CurrentUser } from '../auth/current-user.decorator';
import { MinRole } from '../auth/min-role.decorator';
import { parseQuery } from '../ingest/ingest.query';
import { CapService } from './cap.service';
import { IncidentListQuerySchema, NearestUnitsQuerySchema } from './incidents.query';
import { IncidentsService } from './incidents.service';
import { publicIncident } from './incidents.repository';
import { UnitsService } from './units.service';

/** The guard authenticates; a missing user here means the route was reached without one: refuse. */
function actor(user: AuthUser | undefined): AuthUser {
  if (!user) throw new UnauthorizedException({ statusCode: 401, message: 'authentication required' });
  return user;
}

/** Bodies are validated like queries: 400 naming the first bad field. */
const body = <T>(schema: Parameters<typeof parseQuery>[0], value: unknown): T =>
  parseQuery(schema, value ?? {}) as T;

@Controller('api/incidents')
@MinRole('operator')
export class IncidentsController {
  constructor(
    private readonly incidents: IncidentsService,
    private readonly units: UnitsService,
    private readonly cap: CapService,
  ) {}

  @Get()
  async list(@Query() query: Record<string, unknown>): Promise<IncidentList> {
    const q = parseQuery(IncidentListQuerySchema, query);
    const words = q.q ? searchKey(q.q).split(' ').filter(Boolean) : [];
    const { items, total } = await this.incidents.list({
      status: q.status,
      severity: q.severity,
      category: q.category,
      ward: q.ward,
      bbox: q.bbox,
      from: q.from,
      to: q.to,
      words,
      limit: q.limit,
      offset: q.offset,
    });
    return { items: items.map(publicIncident), total, limit: q.limit, offset: q.offset };
  }

  @Get(':id')
  async detail(@Param('id') id: string): Promise<IncidentDetail> {
    const d = await this.incidents.detail(id);
    if (!d) throw new NotFoundException({ statusCode: 404, message: `incident ${id} not found` });
    return d;
  }

  @Get(':id/cap')
  @Header('Content-Type', 'application/cap+xml; charset=utf-8')
  async capXml(@Param('id') id: string): Promise<string> {
    const incident = await this.incidents.get(id);
    if (!incident) throw new NotFoundException({ statusCode: 404, message: `incident ${id} not found` });
    return this.cap.xml(incident);
  }

  @Get(':id/nearest-units')
  async nearest(@Param('id') id: string, @Query() query: Record<string, unknown>): Promise<NearestUnit[]> {
    const q = parseQuery(NearestUnitsQuerySchema, query);
    const incident = await this.incidents.get(id);
    if (!incident) throw new NotFoundException({ statusCode: 404, message: `incident ${id} not found` });
    if (incident.lat === null || incident.lon === null) return [];
    return this.units.nearest({ lat: incident.lat, lon: incident.lon }, { types: q.type, limit: q.limit });
  }

  @Post(':id/ack')
  @HttpCode(200)
  async ack(@Param('id') id: string, @Body() b: unknown, @CurrentUser() user?: AuthUser) {
    const { note } = body<{ note?: string }>(AckBodySchema, b);
    await this.incidents.ack(id, actor(user), note);
    return this.detail(id);
  }

  @Post(':id/assign')
  @HttpCode(200)
  async assign(@Param('id') id: string, @Body() b: unknown, @CurrentUser() user?: AuthUser) {
    const { username, note } = body<{ username: string; note?: string }>(AssignBodySchema, b);
    await this.incidents.assign(id, actor(user), username, note);
    return this.detail(id);
  }

  @Post(':id/dispatch')
  @HttpCode(200)
  async dispatch(@Param('id') id: string, @Body() b: unknown, @CurrentUser() user?: AuthUser) {
    const { unitIds, note } = body<{ unitIds: string[]; note?: string }>(DispatchBodySchema, b);
    await this.incidents.dispatch(id, actor(user), unitIds, note);
    return this.detail(id);
  }

  @Post(':id/unit-status')
  @HttpCode(200)
  async unitStatus(@Param('id') id: string, @Body() b: unknown, @CurrentUser() user?: AuthUser) {
    const { unitId, status, note } = body<{ unitId: string; status: 'en_route' | 'on_scene'; note?: string }>(
      UnitProgressBodySchema,
      b,
    );
    await this.incidents.unitStatus(id, actor(user), unitId, status, note);
    return this.detail(id);
  }

  @Post(':id/resolve')
  @HttpCode(200)
  async resolve(@Param('id') id: string, @Body() b: unknown, @CurrentUser() user?: AuthUser) {
    const { note } = body<{ note: string }>(ResolveBodySchema, b);
    await this.incidents.resolve(id, actor(user), note);
    return this.detail(id);
  }

  @Post(':id/close')
  @HttpCode(200)
  @MinRole('supervisor')
  async close(@Param('id') id: string, @Body() b: unknown, @CurrentUser() user?: AuthUser) {
    const { note } = body<{ note?: string }>(CloseBodySchema, b);
    await this.incidents.close(id, actor(user), note);
    return this.detail(id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @MinRole('supervisor')
  async cancel(@Param('id') id: string, @Body() b: unknown, @CurrentUser() user?: AuthUser) {
    const { reason } = body<{ reason: string }>(CancelBodySchema, b);
    await this.incidents.cancel(id, actor(user), reason);
    return this.detail(id);
  }

  @Post(':id/comments')
  @HttpCode(201)
  async comment(@Param('id') id: string, @Body() b: unknown, @CurrentUser() user?: AuthUser) {
    const { text } = body<{ text: string }>(CommentBodySchema, b);
    await this.incidents.comment(id, actor(user), text);
    return this.detail(id);
  }

  @Post(':id/sop/:itemId')
  @HttpCode(200)
  async tickSop(
    @Param('id') id: string,
    @Param('itemId') itemId: string,
    @Body() b: unknown,
    @CurrentUser() user?: AuthUser,
  ) {
    const { ticked, note } = body<{ ticked: boolean; note?: string }>(SopTickBodySchema, b);
    await this.incidents.tickSop(id, actor(user), itemId, ticked, note);
    return this.detail(id);
  }
}
