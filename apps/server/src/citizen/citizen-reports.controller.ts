import { Body, Controller, Get, HttpCode, Param, Post, Res, StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import { z } from 'zod';
import type { AuthUser } from '@ioc/contracts/auth.schema';
import {
  CITIZEN_MAX_PHOTOS,
  CitizenReportViewSchema,
  CitizenSpamBodySchema,
  type CitizenReportView,
} from '@ioc/contracts/citizen.dto';
import { CurrentUser } from '../auth/current-user.decorator';
import { MinRole } from '../auth/min-role.decorator';
import { ApiDoc, type Input } from '../common/http/api-doc.decorator';
import { CitizenService } from './citizen.service';

const PhotoParamsSchema = z.object({
  id: z.string().min(1).max(100),
  index: z.coerce
    .number()
    .int()
    .min(0)
    .max(CITIZEN_MAX_PHOTOS - 1),
});

/** Operators: citizens' reports from the public form (the incident's evidence links here). */
@Controller('api/citizen-reports')
@MinRole('operator')
export class CitizenReportsController {
  constructor(private readonly citizen: CitizenService) {}

  @Get('stats')
  @MinRole('supervisor')
  @ApiDoc({ summary: 'Abuse counters of the public form (honeypot submissions dropped)' })
  async stats(): Promise<{ honeypotDropped: number }> {
    return { honeypotDropped: await this.citizen.honeypotDropped() };
  }

  @Get(':id')
  @ApiDoc({
    summary: 'One citizen report: text, place, phone, photo list',
    response: CitizenReportViewSchema,
  })
  view(@Param('id') id: string): Promise<CitizenReportView> {
    return this.citizen.view(id);
  }

  @Get(':id/photos/:index')
  @ApiDoc({
    summary: 'A photo of the report (JPEG, metadata stripped); each access is recorded',
    params: PhotoParamsSchema,
  })
  async photo(
    @Param() { id, index }: Input<typeof PhotoParamsSchema>,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const p = await this.citizen.photo(id, index, user);
    res.setHeader('Cache-Control', 'private, no-store');
    return new StreamableFile(p.data, { type: p.contentType, length: p.data.length });
  }

  @Post(':id/spam')
  @HttpCode(200)
  @ApiDoc({
    summary:
      'Mark as spam (audited): closes the report; an open incident holding only this report is cancelled',
    body: CitizenSpamBodySchema,
    response: CitizenReportViewSchema,
  })
  spam(
    @Param('id') id: string,
    @Body() { note }: Input<typeof CitizenSpamBodySchema>,
    @CurrentUser() user: AuthUser,
  ): Promise<CitizenReportView> {
    return this.citizen.spam(id, user, note);
  }
}
