import { Module } from '@nestjs/common';
import { CityService } from './city.service';
import { DevicesService } from './devices.service';

/** Registry services; the REST controller is mounted by AppModule only on instances with the api role. */
@Module({ providers: [CityService, DevicesService], exports: [CityService, DevicesService] })
export class DevicesModule {}
