import { Body, Controller, Headers, HttpCode, Ip, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { z } from 'zod';
import { Public } from '../auth/public.decorator';
import { ApiDoc, type Input } from '../common/http/api-doc.decorator';
import { FieldService } from './field.service';

/** The OwnTracks JSON the app posts; the feed adapter checks the rest (as for MQTT). */
const OwnTracksBodySchema = z.looseObject({ _type: z.string().max(40) });

/** OwnTracks HTTP mode (the app's "HTTP" connection): per-unit Basic credentials instead of a token. */
@Controller('public/owntracks')
@Public()
export class OwnTracksHttpController {
  constructor(private readonly field: FieldService) {}

  @Post()
  @HttpCode(200)
  @ApiDoc({
    summary:
      "OwnTracks HTTP mode: Basic user = unit id, password = the unit's secret; 401 wrong credentials, 403 a topic / X-Limit-U of another unit (nothing stored), 400 a bad or future fix; answers [] as OwnTracks expects",
    body: OwnTracksBodySchema,
    response: z.array(z.unknown()),
  })
  async post(
    @Body() body: Input<typeof OwnTracksBodySchema>,
    @Headers('authorization') authorization: string | undefined,
    @Headers('x-limit-u') limitUser: string | undefined,
    @Ip() ip: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown[]> {
    try {
      return await this.field.ownTracks({ authorization, limitUser, ip, body });
    } catch (e) {
      if ((e as { getStatus?: () => number }).getStatus?.() === 401)
        res.setHeader('WWW-Authenticate', 'Basic realm="ioc-owntracks", charset="UTF-8"');
      throw e;
    }
  }
}
