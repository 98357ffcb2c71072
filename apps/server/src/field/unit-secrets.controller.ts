import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import {
  TrackerSecretBodySchema,
  TrackerSecretResultSchema,
  type TrackerSecretResult,
} from '@ioc/contracts/field.dto';
import { MinRole } from '../auth/min-role.decorator';
import { ApiDoc, type Input } from '../common/http/api-doc.decorator';
import { FieldService } from './field.service';

/** Admin: the OwnTracks HTTP credentials of a unit. */
@Controller('api/units')
@MinRole('admin')
export class UnitSecretsController {
  constructor(private readonly field: FieldService) {}

  @Post(':id/tracker-secret')
  @HttpCode(200)
  @ApiDoc({
    summary:
      "Set or rotate the unit's OwnTracks HTTP secret (generated when none is given; answered once, stored hashed)",
    body: TrackerSecretBodySchema,
    response: TrackerSecretResultSchema,
  })
  set(
    @Param('id') id: string,
    @Body() { secret }: Input<typeof TrackerSecretBodySchema>,
  ): Promise<TrackerSecretResult> {
    return this.field.setSecret(id, secret);
  }
}
