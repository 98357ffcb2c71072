import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { UnitAvailabilityBodySchema } from '@ioc/contracts/incident-command.dto';
import type { Unit } from '@ioc/contracts/unit.schema';
import { MinRole } from '../auth/min-role.decorator';
import { parseQuery } from '../ingest/ingest.query';
import { UnitsService } from './units.service';

@Controller('api/units')
@MinRole('operator')
export class UnitsController {
  constructor(private readonly units: UnitsService) {}

  @Get()
  list(): Promise<Unit[]> {
    return this.units.list();
  }

  /** available ⇄ off_duty; dispatch states follow the incident the unit works. */
  @Post(':id/status')
  @HttpCode(200)
  setStatus(@Param('id') id: string, @Body() b: unknown): Promise<Unit> {
    const { status } = parseQuery(UnitAvailabilityBodySchema, b ?? {});
    return this.units.setAvailability(id, status);
  }
}
