import { Module } from '@nestjs/common';
import { CommittedModule } from '../committed/committed.module';
import { DeviceMonitorService } from './device-monitor.service';
import { DeviceTouchThrottle } from './device-touch.throttle';
import { DevicesModule } from './devices.module';

/** Online/offline tracking of devices: the ingest touches them, the monitor marks silent ones offline. */
@Module({
  imports: [DevicesModule, CommittedModule],
  providers: [DeviceMonitorService, DeviceTouchThrottle],
  exports: [DeviceTouchThrottle],
})
export class DeviceMonitorModule {}
