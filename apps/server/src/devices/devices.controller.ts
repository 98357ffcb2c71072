import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { DeviceKindSchema, DeviceStatusSchema, type Device } from '@ioc/contracts/device.schema';
import type { City } from '@ioc/contracts/city.schema';
import type { SensorState } from '@ioc/contracts/sensor-state.schema';
import { z } from 'zod';
import { BOOT, type BootContext } from '../config/boot.context';
import { invalidInput, notFound } from '../common/http/api.errors';
import { ApiDoc, type Input } from '../common/http/api-doc.decorator';
import { Bucket, IsoTime, Limit } from '../common/http/query.schema';
import { ReadingsRepository, type SeriesPoint } from '../readings/readings.repository';
import { SensorStateService } from '../state/sensor-state.service';
import { CityService } from './city.service';
import { DevicesService } from './devices.service';

const DeviceQuerySchema = z.object({
  kind: DeviceKindSchema.optional(),
  ward: z.string().max(100).optional(),
  status: DeviceStatusSchema.optional(),
  q: z.string().max(200).optional(),
});

const SeriesQuery = z.object({
  metric: z.string().min(1).max(100),
  from: IsoTime.optional(),
  to: IsoTime.optional(),
  bucket: Bucket.optional(),
  limit: Limit.default(5000),
});

@Controller('api')
export class DevicesController {
  constructor(
    private readonly devices: DevicesService,
    private readonly city: CityService,
    private readonly state: SensorStateService,
    private readonly readings: ReadingsRepository,
    @Inject(BOOT) private readonly boot: BootContext,
  ) {}

  @Get('devices/:id/readings')
  @ApiDoc({ summary: 'Time series of one metric of a device, raw or bucketed', query: SeriesQuery })
  async series(
    @Param('id') id: string,
    @Query() q: Input<typeof SeriesQuery>,
  ): Promise<{
    deviceId: string;
    metric: string;
    bucket: number | null;
    source: string;
    points: SeriesPoint[];
  }> {
    const to = q.to ?? new Date().toISOString();
    const from = q.from ?? new Date(Date.parse(to) - 24 * 3600_000).toISOString();
    // checked here, not in the schema: the defaults depend on each other and on now
    if (Date.parse(from) >= Date.parse(to)) throw invalidInput('from', 'must be before to');
    const res = await this.readings.series({
      deviceId: id,
      metric: q.metric,
      from,
      to,
      bucketS: q.bucket ?? null,
      timescale: this.boot.timescale,
      limit: q.limit,
    });
    return { deviceId: id, metric: q.metric, bucket: q.bucket ?? null, ...res };
  }

  @Get('city')
  @ApiDoc({ summary: 'City configuration: bounds, wards, devices, units' })
  getCity(): City {
    // Where each camera's Frigate lives is the server's business: browsers only ever see /api/media.
    const c = this.city.city;
    return { ...c, cameras: c.cameras.map(({ frigate: _frigate, ...camera }) => camera) };
  }

  @Get('city/wards.geojson')
  @ApiDoc({ summary: 'Ward polygons (GeoJSON)' })
  getWards(): unknown {
    return this.city.wardsGeoJson;
  }

  @Get('sensors/state')
  @ApiDoc({ summary: 'Latest value of every metric of every sensor' })
  getSensorState(): { states: SensorState[] } {
    return { states: this.state.all() };
  }

  @Get('devices')
  @ApiDoc({
    summary: 'Device registry; q searches names and wards ignoring diacritics',
    query: DeviceQuerySchema,
  })
  list(@Query() q: Input<typeof DeviceQuerySchema>): Promise<Device[]> {
    return this.devices.list(q);
  }

  @Get('devices/:id')
  @ApiDoc({ summary: 'One device with its latest state' })
  async get(@Param('id') id: string): Promise<Device & { state: SensorState | null }> {
    const d = await this.devices.get(id);
    if (!d) throw notFound(`device ${id} not found`);
    return { ...d, state: this.state.get(id) ?? null };
  }
}
