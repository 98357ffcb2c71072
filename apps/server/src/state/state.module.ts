import { Global, Module } from '@nestjs/common';
import { SensorStateService } from './sensor-state.service';

@Global()
@Module({ providers: [SensorStateService], exports: [SensorStateService] })
export class StateModule {}
