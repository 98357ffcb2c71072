import { Body, Controller, HttpCode, Param, Patch, Post } from '@nestjs/common';
import type { AuthUser } from '@ioc/contracts/auth.schema';
import { MergeBodySchema, ReopenBodySchema, RetriageBodySchema } from '@ioc/contracts/incident-command.dto';
import type { IncidentDetail } from '@ioc/contracts/incident-detail.dto';
import { CurrentUser } from '../auth/current-user.decorator';
import { MinRole } from '../auth/min-role.decorator';
import { notFound } from '../common/http/api.errors';
import { ApiDoc, type Input } from '../common/http/api-doc.decorator';
import { IncidentMergeService } from './incident-merge.service';
import { IncidentReopenService } from './incident-reopen.service';
import { IncidentRetriageService } from './incident-retriage.service';
import { IncidentsService } from './incidents.service';

/**
 * The operator desk's corrections to an incident: re-triage, reopen, merge of a duplicate. Same prefix and
 * answer (the incident's detail) as IncidentsController; kept apart so each command's service stays small.
 */
@Controller('api/incidents')
@MinRole('operator')
export class IncidentDeskController {
  constructor(
    private readonly incidents: IncidentsService,
    private readonly retriages: IncidentRetriageService,
    private readonly reopens: IncidentReopenService,
    private readonly merges: IncidentMergeService,
  ) {}

  private async detail(id: string): Promise<IncidentDetail> {
    const d = await this.incidents.detail(id);
    if (!d) throw notFound(`incident ${id} not found`);
    return d;
  }

  @ApiDoc({
    summary: 'Re-triage an open incident: severity, category, titles, with a note (audited old → new)',
    body: RetriageBodySchema,
  })
  @Patch(':id')
  async retriage(
    @Param('id') id: string,
    @Body() body: Input<typeof RetriageBodySchema>,
    @CurrentUser() user: AuthUser,
  ) {
    await this.retriages.retriage(id, user, body);
    return this.detail(id);
  }

  @ApiDoc({
    summary: 'Reopen a resolved incident (back to acknowledged), with a reason',
    body: ReopenBodySchema,
  })
  @Post(':id/reopen')
  @HttpCode(200)
  @MinRole('supervisor')
  async reopen(
    @Param('id') id: string,
    @Body() { reason }: Input<typeof ReopenBodySchema>,
    @CurrentUser() user: AuthUser,
  ) {
    await this.reopens.reopen(id, user, reason);
    return this.detail(id);
  }

  @ApiDoc({
    summary: 'Merge this duplicate into another incident: its evidence moves there, it is cancelled',
    body: MergeBodySchema,
  })
  @Post(':id/merge')
  @HttpCode(200)
  @MinRole('supervisor')
  async merge(
    @Param('id') id: string,
    @Body() { into, note }: Input<typeof MergeBodySchema>,
    @CurrentUser() user: AuthUser,
  ) {
    await this.merges.merge(id, user, into, note);
    return this.detail(id);
  }
}
