import { Body, Controller, Get, HttpCode, Ip, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { z } from 'zod';
import {
  CitizenConfigSchema,
  CitizenPublicStatusSchema,
  CitizenReceiptSchema,
  CitizenReportFormSchema,
  TrackingCodeSchema,
  type CitizenConfig,
  type CitizenPublicStatus,
  type CitizenReceipt,
} from '@ioc/contracts/citizen.dto';
import { Public } from '../auth/public.decorator';
import { ApiDoc, type Input } from '../common/http/api-doc.decorator';
import { CitizenService, type UploadedPhoto } from './citizen.service';

const CodeParamsSchema = z.object({ code: TrackingCodeSchema });

/** The public citizen channel: no token; limits per address and phone instead. */
@Controller('public')
@Public()
export class CitizenPublicController {
  constructor(private readonly citizen: CitizenService) {}

  @Get('config')
  @ApiDoc({
    summary: "What the public form needs: the city's name, extent and centre",
    response: CitizenConfigSchema,
  })
  config(): CitizenConfig {
    return this.citizen.config();
  }

  @Post('reports')
  @HttpCode(201)
  @ApiDoc({
    summary:
      'A citizen report: multipart/form-data (these fields + up to 3 `photos`, 5 MB each) or JSON without photos; 201 with the tracking code; 400 outside the city / not an image, 413 a photo over 5 MB, 429 beyond CITIZEN_REPORTS_PER_ADDRESS / _PER_PHONE per CITIZEN_REPORT_WINDOW_S',
    body: CitizenReportFormSchema,
    response: CitizenReceiptSchema,
  })
  submit(
    @Body() form: Input<typeof CitizenReportFormSchema>,
    @Req() req: Request & { files?: UploadedPhoto[] },
    @Ip() ip: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CitizenReceipt> {
    return this.citizen.submit(form, Array.isArray(req.files) ? req.files : [], ip, res);
  }

  @Get('reports/:code')
  @ApiDoc({
    summary:
      "A report's public status (received / in progress / resolved / closed) and the operator's public note; 404 unknown code, 429 beyond CITIZEN_CODE_MISSES_PER_ADDRESS unknown codes",
    params: CodeParamsSchema,
    response: CitizenPublicStatusSchema,
  })
  status(
    @Param() { code }: Input<typeof CodeParamsSchema>,
    @Ip() ip: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CitizenPublicStatus> {
    return this.citizen.status(code, ip, res);
  }
}
