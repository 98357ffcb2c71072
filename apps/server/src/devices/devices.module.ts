import { Module } from '@nestjs/common';
import { CityService } from './city.service';
import { DevicesRepository } from './devices.repository';
import { DevicesService } from './devices.service';

/** Registry services; the REST controller is mounted by the ApiModule (api role). */
@Module({
  providers: [CityService, DevicesService, DevicesRepository],
  exports: [CityService, DevicesService, DevicesRepository],
})
export class DevicesModule {}
