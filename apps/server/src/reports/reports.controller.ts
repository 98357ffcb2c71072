import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { AuthUser } from '@ioc/contracts/auth.schema';
import {
  CitizenReportCreatedSchema,
  CitizenReportInputSchema,
  type CitizenReportCreated,
} from '@ioc/contracts/citizen-report.dto';
import { CurrentUser } from '../auth/current-user.decorator';
import { MinRole } from '../auth/min-role.decorator';
import { UserRateLimitService } from '../auth/user-rate-limit.service';
import { ApiDoc, type Input } from '../common/http/api-doc.decorator';
import { ReportsService } from './reports.service';

/** Citizen calls entered by a hotline operator; each becomes an incident signal. */
@Controller('api/reports')
@MinRole('operator')
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly limits: UserRateLimitService,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiDoc({
    summary:
      'A citizen report (hotline call): stored as an incident signal and raised at once; 201 with the incident it opened or joined (202 while incidents are unreachable); 429 beyond REPORTS_PER_USER_PER_MIN',
    body: CitizenReportInputSchema,
    response: CitizenReportCreatedSchema,
  })
  async create(
    @Body() input: Input<typeof CitizenReportInputSchema>,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CitizenReportCreated> {
    this.reports.checkInsideCity(input);
    // Only valid reports count against the limit, which is per user.
    await this.limits.take('report', user, res);
    const { queued, result } = await this.reports.create(input, user);
    // Stored but not yet raised (incidents unreachable): the signal processor retries it.
    if (queued) res.status(202);
    return result;
  }
}
