import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { AuthUser } from '@ioc/contracts/auth.schema';
import type { Response } from 'express';
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
import type { DispatchPlan } from '@ioc/contracts/dispatch-plan.dto';
import type { IncidentDetail, IncidentList, NearestUnit } from '@ioc/contracts/incident-detail.dto';
import { searchKey } from '@ioc/domain/fold-diacritics';
import { CurrentUser } from '../auth/current-user.decorator';
import { MinRole } from '../auth/min-role.decorator';
import { UserRateLimitService } from '../auth/user-rate-limit.service';
import { notFound } from '../common/http/api.errors';
import { ApiDoc, type Input } from '../common/http/api-doc.decorator';
import { CapService } from './cap.service';
import {
  DispatchPlanQuerySchema,
  IncidentListQuerySchema,
  NearestUnitsQuerySchema,
  type IncidentListQuery,
  type NearestUnitsQuery,
} from './incidents.query';
import { IncidentsService } from './incidents.service';
import { publicIncident } from './incidents.repository';
import { UnitsService } from './units.service';

@Controller('api/incidents')
@MinRole('operator')
export class IncidentsController {
  constructor(
    private readonly incidents: IncidentsService,
    private readonly units: UnitsService,
    private readonly cap: CapService,
    private readonly limits: UserRateLimitService,
  ) {}

  @ApiDoc({ summary: 'Incidents, newest first, filtered', query: IncidentListQuerySchema })
  @Get()
  async list(@Query() q: IncidentListQuery): Promise<IncidentList> {
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

  @ApiDoc({ summary: 'One incident with evidence, timeline, SOP and SLA state' })
  @Get(':id')
  async detail(@Param('id') id: string): Promise<IncidentDetail> {
    const d = await this.incidents.detail(id);
    if (!d) throw notFound(`incident ${id} not found`);
    return d;
  }

  @ApiDoc({ summary: 'CAP 1.2 XML of the incident (application/cap+xml)' })
  @Get(':id/cap')
  async capXml(@Param('id') id: string, @Res({ passthrough: true }) res: Response): Promise<string> {
    const incident = await this.incidents.get(id);
    if (!incident) throw notFound(`incident ${id} not found`);
    // set only on success: errors stay JSON
    res.type('application/cap+xml; charset=utf-8');
    return this.cap.xml(incident);
  }

  @ApiDoc({
    summary: 'Every available unit, nearest first (fix or base), with ETA and the proposed set',
    query: NearestUnitsQuerySchema,
  })
  @Get(':id/nearest-units')
  async nearest(@Param('id') id: string, @Query() q: NearestUnitsQuery): Promise<NearestUnit[]> {
    const incident = await this.incidents.get(id);
    if (!incident) throw notFound(`incident ${id} not found`);
    return this.units.nearest(incident, { types: q.type, limit: q.limit });
  }

  @ApiDoc({
    summary: 'What the incident needs and the proposed units (dispatch dialog)',
    query: DispatchPlanQuerySchema,
  })
  @Get(':id/dispatch-plan')
  async dispatchPlan(@Param('id') id: string): Promise<DispatchPlan> {
    const incident = await this.incidents.get(id);
    if (!incident) throw notFound(`incident ${id} not found`);
    return this.units.plan(incident);
  }

  @ApiDoc({ summary: 'Acknowledge', body: AckBodySchema })
  @Post(':id/ack')
  @HttpCode(200)
  async ack(
    @Param('id') id: string,
    @Body() { note }: Input<typeof AckBodySchema>,
    @CurrentUser() user: AuthUser,
  ) {
    await this.incidents.ack(id, user, note);
    return this.detail(id);
  }

  @ApiDoc({ summary: 'Assign to a user', body: AssignBodySchema })
  @Post(':id/assign')
  @HttpCode(200)
  async assign(
    @Param('id') id: string,
    @Body() { username, note }: Input<typeof AssignBodySchema>,
    @CurrentUser() user: AuthUser,
  ) {
    await this.incidents.assign(id, user, username, note);
    return this.detail(id);
  }

  @ApiDoc({ summary: 'Dispatch available units', body: DispatchBodySchema })
  @Post(':id/dispatch')
  @HttpCode(200)
  async dispatch(
    @Param('id') id: string,
    @Body() { unitIds, note }: Input<typeof DispatchBodySchema>,
    @CurrentUser() user: AuthUser,
  ) {
    await this.incidents.dispatch(id, user, unitIds, note);
    return this.detail(id);
  }

  @ApiDoc({ summary: 'A dispatched unit reports en route / on scene', body: UnitProgressBodySchema })
  @Post(':id/unit-status')
  @HttpCode(200)
  async unitStatus(
    @Param('id') id: string,
    @Body() { unitId, status, note }: Input<typeof UnitProgressBodySchema>,
    @CurrentUser() user: AuthUser,
  ) {
    await this.incidents.unitStatus(id, user, unitId, status, note);
    return this.detail(id);
  }

  @ApiDoc({ summary: 'Resolve (frees the units)', body: ResolveBodySchema })
  @Post(':id/resolve')
  @HttpCode(200)
  async resolve(
    @Param('id') id: string,
    @Body() { note, publicNote }: Input<typeof ResolveBodySchema>,
    @CurrentUser() user: AuthUser,
  ) {
    await this.incidents.resolve(id, user, note, publicNote);
    return this.detail(id);
  }

  @ApiDoc({ summary: 'Close a resolved incident', body: CloseBodySchema })
  @Post(':id/close')
  @HttpCode(200)
  @MinRole('supervisor')
  async close(
    @Param('id') id: string,
    @Body() { note }: Input<typeof CloseBodySchema>,
    @CurrentUser() user: AuthUser,
  ) {
    await this.incidents.close(id, user, note);
    return this.detail(id);
  }

  @ApiDoc({ summary: 'Cancel (frees the units)', body: CancelBodySchema })
  @Post(':id/cancel')
  @HttpCode(200)
  @MinRole('supervisor')
  async cancel(
    @Param('id') id: string,
    @Body() { reason }: Input<typeof CancelBodySchema>,
    @CurrentUser() user: AuthUser,
  ) {
    await this.incidents.cancel(id, user, reason);
    return this.detail(id);
  }

  @ApiDoc({
    summary: 'Add a comment to the timeline; 429 beyond COMMENTS_PER_USER_PER_MIN',
    body: CommentBodySchema,
  })
  @Post(':id/comments')
  @HttpCode(201)
  async comment(
    @Param('id') id: string,
    @Body() { text }: Input<typeof CommentBodySchema>,
    @Res({ passthrough: true }) res: Response,
    @CurrentUser() user: AuthUser,
  ) {
    await this.limits.take('comment', user, res);
    await this.incidents.comment(id, user, text);
    return this.detail(id);
  }

  @ApiDoc({ summary: 'Tick or untick an SOP checklist item', body: SopTickBodySchema })
  @Post(':id/sop/:itemId')
  @HttpCode(200)
  async tickSop(
    @Param('id') id: string,
    @Param('itemId') itemId: string,
    @Body() { ticked, note }: Input<typeof SopTickBodySchema>,
    @CurrentUser() user: AuthUser,
  ) {
    await this.incidents.tickSop(id, user, itemId, ticked, note);
    return this.detail(id);
  }
}
