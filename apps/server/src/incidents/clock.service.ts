import { Injectable } from '@nestjs/common';

/**
 * The time every incident write and the SLA check use. One injectable seam, so tests replace or spy on
 * `now()` to drive SLA clocks without waiting.
 */
@Injectable()
export class ClockService {
  now(): number {
    return Date.now();
  }

  iso(): string {
    return new Date(this.now()).toISOString();
  }
}
