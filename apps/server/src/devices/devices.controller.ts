import { BadRequestException, Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { DeviceKindSchema, DeviceStatusSchema, type Device } from '@ioc/contracts/device.schema';
import type { City } from '@ioc/contracts/city.schema';
import type { SensorState } from '@ioc/contracts/sensor-state.schema';
import { z } from 'zod';
import { SensorStateService } from '../state/sensor-state.service';
import { CityService } from './city.service';
import { DevicesService } from './devices.service';

const DeviceQuerySchema = z.object({
  kind: DeviceKindSchema.optional(),
  ward: z.string().max(100).optional(),
  status: DeviceStatusSchema.optional(),
  q: z.string().max(200).optional(),
});

@Controller('api')
export class DevicesController {
  constructor(
    private readonly devices: DevicesService,
    private readonly city: CityService,
    private readonly state: SensorStateService,
  ) {}

  @Get('city')
  getCity(): City {
    return this.city.city;
  }

  @Get('city/wards.geojson')
  getWards(): unknown {
    return this.city.wardsGeoJson;
  }

  @Get('sensors/state')
  getSensorState(): { states: SensorState[] } {
    return { states: this.state.all() };
  }

  @Get('devices')
  list(@Query() query: Record<string, string>): Promise<Device[]> {
    const parsed = DeviceQuerySchema.safeParse(query);
    if (!parsed.success) {
      const i = parsed.error.issues[0];
      throw new BadRequestException({ field: String(i.path[0]), message: i.message });
    }
    return this.devices.list(parsed.data);
  }

  @Get('devices/:id')
  async get(@Param('id') id: string): Promise<Device & { state: SensorState | null }> {
    const d = await this.devices.get(id);
    if (!d) throw new NotFoundException({ message: `device ${id} not found` });
    return { ...d, state: this.state.get(id) ?? null };
  }
}
