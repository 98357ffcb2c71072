import { Global, Module } from '@nestjs/common';
import { ReadingsModule } from '../readings/readings.module';
import { SensorStateBridgeService } from './sensor-state-bridge.service';
import { SensorStateService } from './sensor-state.service';

@Global()
@Module({
  imports: [ReadingsModule],
  providers: [SensorStateService, SensorStateBridgeService],
  exports: [SensorStateService, SensorStateBridgeService],
})
export class StateModule {}
