import { Body, Controller, HttpCode, Post, Res, UnauthorizedException } from '@nestjs/common';
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
import { ApiDoc } from '../docs/api-doc.decorator';
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
    @Body() body: unknown,
    @CurrentUser() user: AuthUser | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CitizenReportCreated> {
    const input = this.reports.validate(body);
    // The guard let only authenticated users through; the limit is per user.
    if (!user) throw new UnauthorizedException({ statusCode: 401, message: 'authentication required' });
    await this.limits.take('report', user, res);
    const { queued, result } = await this.reports.create(input, user);
    // Stored but not yet raised (incidents unreachable): the signal processor retries it.
    if (queued) res.status(202);
    return result;
  }
}
