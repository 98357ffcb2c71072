import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import type { AuthUser } from '@ioc/contracts/auth.schema';
import {
  FieldAssignmentSchema,
  FieldPositionAcceptedSchema,
  FieldPositionBodySchema,
  FieldStatusBodySchema,
  type FieldAssignment,
} from '@ioc/contracts/field.dto';
import { CurrentUser } from '../auth/current-user.decorator';
import { ResponderOnly } from '../auth/responder-only.decorator';
import { ApiDoc, type Input } from '../common/http/api-doc.decorator';
import { FieldService } from './field.service';

/** A responder's phone: its own unit's assignment, its buttons and its position. Nothing else. */
@Controller('api/field')
@ResponderOnly()
export class FieldController {
  constructor(private readonly field: FieldService) {}

  @Get('assignment')
  @ApiDoc({
    summary: "The caller's unit and its current incident (title, place, operators' notes, its SOP items)",
    response: FieldAssignmentSchema,
  })
  assignment(@CurrentUser() user: AuthUser): Promise<FieldAssignment> {
    return this.field.assignment(user);
  }

  @Post('status')
  @HttpCode(200)
  @ApiDoc({
    summary:
      "En route / on scene / need backup / done on scene / available / off duty, for the caller's unit only (403 for another); audited as the responder, live to operators; 409 when the state does not allow it",
    body: FieldStatusBodySchema,
    response: FieldAssignmentSchema,
  })
  status(
    @CurrentUser() user: AuthUser,
    @Body() body: Input<typeof FieldStatusBodySchema>,
  ): Promise<FieldAssignment> {
    return this.field.status(user, body);
  }

  @Post('position')
  @HttpCode(202)
  @ApiDoc({
    summary:
      'A fix of the phone, stored like an OwnTracks position; 400 for a time ahead of the server clock (INGEST_MAX_FUTURE_S), 429 beyond FIELD_POSITIONS_PER_MIN',
    body: FieldPositionBodySchema,
    response: FieldPositionAcceptedSchema,
  })
  async position(
    @CurrentUser() user: AuthUser,
    @Body() body: Input<typeof FieldPositionBodySchema>,
  ): Promise<{ stored: boolean }> {
    await this.field.position(user, body);
    return { stored: true };
  }
}
