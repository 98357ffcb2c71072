import { Injectable } from '@nestjs/common';
import type { DailyReport } from '@ioc/contracts/history.schema';
import type { CapSeverity } from '@ioc/contracts/incident.schema';
import type { IncidentStatus } from '@ioc/contracts/incident.schema';
import { utcOffset } from '@ioc/domain/local-time';
import { SLA_STAGES, slaState, type SlaStage } from '@ioc/domain/sla';
import { HOUR_MS, VN_AQI_METRICS, hourlyMeansFrom, hourlyVnAqiAt } from '@ioc/domain/vn-aqi.hours';
import { IncidentsConfigService } from '../incidents/incidents-config.service';
import { DailyReportRepository } from './daily-report.repository';

/** Incidents listed one by one in the report; the counts and charts cover all of them. */
export const REPORT_LIST_MAX = 500;

const DONE: Record<SlaStage, 'acknowledged_at' | 'dispatched_at' | 'resolved_at'> = {
  ack: 'acknowledged_at',
  dispatch: 'dispatched_at',
  resolve: 'resolved_at',
};

/** The daily report: one city-local day of incidents, SLA, devices offline and VN_AQI. */
@Injectable()
export class DailyReportService {
  constructor(
    private readonly repo: DailyReportRepository,
    private readonly config: IncidentsConfigService,
  ) {}

  /** [local midnight, next local midnight) of the date in the city's zone. */
  dayRange(date: string): { from: string; to: string } {
    const tz = this.config.timeZone;
    const noonUtc = Date.parse(`${date}T12:00:00Z`);
    const from = Date.parse(`${date}T00:00:00${utcOffset(noonUtc, tz)}`);
    const next = new Date(noonUtc + 24 * HOUR_MS).toISOString().slice(0, 10);
    const to = Date.parse(`${next}T00:00:00${utcOffset(noonUtc + 24 * HOUR_MS, tz)}`);
    return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
  }

  async report(date: string, now = Date.now()): Promise<DailyReport> {
    const { from, to } = this.dayRange(date);
    const evalAt = Math.min(Date.parse(to), now);
    const [incidents, offline, hourly] = await Promise.all([
      this.repo.incidents(from, to),
      this.repo.topOffline(from, to, 10),
      this.repo.aqiHourlyMeans(from, to, VN_AQI_METRICS),
    ]);

    const count = (key: (i: (typeof incidents)[number]) => string) =>
      incidents.reduce<Record<string, number>>(
        (acc, i) => ({ ...acc, [key(i)]: (acc[key(i)] ?? 0) + 1 }),
        {},
      );
    const wards = new Map<string | null, number>();
    for (const i of incidents) wards.set(i.ward, (wards.get(i.ward) ?? 0) + 1);

    const sla = {} as Record<SlaStage, DailyReport['sla']['ack']>;
    const meanTimesS = {} as Record<SlaStage, number | null>;
    for (const stage of SLA_STAGES) {
      sla[stage] = { met: 0, breached: 0, open: 0, compliance: null };
      const times = incidents
        .filter((i) => i[DONE[stage]])
        .map((i) => (i[DONE[stage]]!.getTime() - i.opened_at.getTime()) / 1000);
      meanTimesS[stage] = times.length ? Math.round(times.reduce((a, b) => a + b, 0) / times.length) : null;
    }
    for (const i of incidents) {
      const s = slaState(
        {
          category: i.category,
          severity: i.severity as CapSeverity,
          status: i.status as IncidentStatus,
          openedAt: i.opened_at.toISOString(),
          acknowledgedAt: i.acknowledged_at?.toISOString() ?? null,
          dispatchedAt: i.dispatched_at?.toISOString() ?? null,
          resolvedAt: i.resolved_at?.toISOString() ?? null,
        },
        evalAt,
        this.config.sla,
      );
      for (const stage of SLA_STAGES) {
        const st = s.stages[stage].state;
        if (st === 'met') sla[stage].met++;
        // overdue at the end of the day is already a breach
        else if (st === 'breached' || st === 'overdue') sla[stage].breached++;
        else if (st === 'pending') sla[stage].open++;
      }
    }
    for (const stage of SLA_STAGES) {
      const done = sla[stage].met + sla[stage].breached;
      sla[stage].compliance = done ? Math.round((sla[stage].met / done) * 1000) / 10 : null;
    }

    // hourly VN_AQI of each hour of the day, per device, from the hourly means (NowCast over 12 h)
    const byDevice = new Map<string, typeof hourly>();
    for (const r of hourly) {
      const rows = byDevice.get(r.device_id) ?? [];
      rows.push(r);
      byDevice.set(r.device_id, rows);
    }
    const names = new Map(
      (await this.repo.deviceNames([...byDevice.keys(), ...offline.map((o) => o.device_id)])).map((d) => [
        d.id,
        d,
      ]),
    );
    const vnAqi: DailyReport['vnAqi'] = [];
    for (const [deviceId, rows] of byDevice) {
      const means = hourlyMeansFrom(
        rows.map((r) => ({ metric: r.metric, hour: r.hour.getTime(), mean: r.mean, count: r.count })),
      );
      let max: { aqi: number; band: string; hour: number } | null = null;
      let sum = 0;
      let hours = 0;
      for (let h = Date.parse(from); h < Date.parse(to); h += HOUR_MS) {
        const r = hourlyVnAqiAt(h, means);
        if (!r) continue;
        hours++;
        sum += r.aqi;
        if (!max || r.aqi > max.aqi) max = { aqi: r.aqi, band: r.band.band, hour: h };
      }
      if (!max) continue;
      const d = names.get(deviceId);
      vnAqi.push({
        deviceId,
        name: d?.name ?? null,
        ward: d?.ward ?? null,
        hours,
        meanAqi: Math.round(sum / hours),
        maxAqi: max.aqi,
        maxBand: max.band,
        maxHour: new Date(max.hour).toISOString(),
      });
    }
    vnAqi.sort((a, b) => b.maxAqi - a.maxAqi || a.deviceId.localeCompare(b.deviceId));

    return {
      date,
      timeZone: this.config.timeZone,
      from,
      to,
      incidents: {
        total: incidents.length,
        byCategory: count((i) => i.category),
        bySeverity: count((i) => i.severity),
        byWard: [...wards].map(([ward, n]) => ({ ward, count: n })).sort((a, b) => b.count - a.count),
        byHour: perHour(incidents, Date.parse(from), Date.parse(to)),
        list: incidents.slice(0, REPORT_LIST_MAX).map((i) => ({
          id: i.id,
          openedAt: i.opened_at.toISOString(),
          title: i.title,
          titleEn: i.title_en,
          category: i.category,
          severity: i.severity,
          status: i.status,
          ward: i.ward,
        })),
        listTruncated: incidents.length > REPORT_LIST_MAX,
      },
      sla,
      meanTimesS,
      topOfflineDevices: offline.map((o) => ({
        deviceId: o.device_id,
        name: o.name,
        ward: o.ward,
        offlineEvents: o.offline_events,
        offlineS: o.offline_s,
      })),
      vnAqi,
    };
  }
}

/** Incidents opened in each hour since local midnight (a day with a DST change has 23 or 25). */
function perHour(incidents: readonly { opened_at: Date }[], from: number, to: number): number[] {
  const hours = new Array<number>(Math.round((to - from) / HOUR_MS)).fill(0);
  for (const i of incidents) {
    const h = Math.floor((i.opened_at.getTime() - from) / HOUR_MS);
    if (h >= 0 && h < hours.length) hours[h]++;
  }
  return hours;
}
