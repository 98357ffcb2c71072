import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { UnitAvailabilityBodySchema } from '@ioc/contracts/incident-command.dto';
import type { Unit } from '@ioc/contracts/unit.schema';
import { MinRole } from '../auth/min-role.decorator';
import { ApiDoc, type Input } from '../common/http/api-doc.decorator';
import { UnitsService } from './units.service';

@Controller('api/units')
@MinRole('operator')
export class UnitsController {
  constructor(private readonly units: UnitsService) {}

  @Get()
  @ApiDoc({ summary: 'Units with status and last position' })
  list(): Promise<Unit[]> {
    return this.units.list();
  }

  /** available ⇄ off_duty; dispatch states follow the incident the unit works. */
  @Post(':id/status')
  @ApiDoc({ summary: 'Take an idle unit off duty or back', body: UnitAvailabilityBodySchema })
  @HttpCode(200)
  setStatus(
    @Param('id') id: string,
    @Body() { status }: Input<typeof UnitAvailabilityBodySchema>,
  ): Promise<Unit> {
    return this.units.setAvailability(id, status);
  }
}
