import { Global, Module } from '@nestjs/common';
import { SensorStateBridgeService } from './sensor-state-bridge.service';
import { SensorStateService } from './sensor-state.service';

@Global()
@Module({
  providers: [SensorStateService, SensorStateBridgeService],
  exports: [SensorStateService, SensorStateBridgeService],
})
export class StateModule {}
