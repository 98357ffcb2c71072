import type { ReplayState, TimelineItem } from '@ioc/contracts/history.schema';
import { TIMELINE_TYPES } from '@ioc/contracts/history.schema';
import type { City } from '@ioc/contracts/city.schema';
import { CapSeveritySchema, type CapSeverity } from '@ioc/contracts/incident.schema';
import { severityRank } from '@ioc/domain/incident-severity';
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { CategoryOptions } from '../../ui/category-options.component';
import { currentLanguage } from '../../i18n/i18n.setup';
import { cityDate, formatDateTime, parseCityText, toCityText } from '../../i18n/locale.format';
import { SEVERITY_COLORS } from '../incidents/incident-queue';
import { download } from './download.util';
import { historyApi, type HistoryFilter } from './history.api';
import { REPLAY_SPEEDS, advance, applyChanges } from './replay.player';
import { currentRowIndex, groupTimeline, type TimelineRow } from './timeline-groups';
import './history.css';
import { useCityTimeZone } from '../../i18n/city-time-zone.context';

interface Props {
  city: City;
  /** The replayed situation for the map and queue (null when leaving history mode). */
  onReplayState(state: ReplayState | null): void;
  /** An incident of the replayed situation was picked: focus it on the map. */
  onSelectIncident(id: string, lon: number | null, lat: number | null): void;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Replay step: at ×60 each step moves 15 s, so short-lived states still show on the map. */
const TICK_MS = 250;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/**
 * What a timeline row did, in the UI language, for the rows whose title does not say it already (incident
 * transitions, threshold crossings); device, unit and camera titles are whole sentences from the server.
 */
function actionLabel(i: TimelineItem, t: TFunction): string | null {
  switch (i.type) {
    case 'incident':
      return t(`action.${i.action}`, { defaultValue: i.action });
    case 'threshold':
      return t(`history.thresholdAction.${i.action}`, { defaultValue: i.action });
    default:
      return null;
  }
}

/** History mode: range, histogram with brushing, event list, replay slider with play/pause at ×1–×60, exports. */
export function HistoryPanel({ city, onReplayState, onSelectIncident }: Props) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const tz = useCityTimeZone();
  const [filter, setFilter] = useState<HistoryFilter>(() => {
    const now = Date.now();
    return { from: new Date(now - HOUR).toISOString(), to: new Date(now).toISOString() };
  });
  const [q, setQ] = useState('');
  const [at, setAt] = useState(() => Date.parse(filter.from));
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState<number>(60);
  const [brush, setBrush] = useState<{ a: number; b: number } | null>(null);
  const [replay, setReplay] = useState<ReplayState | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  const stateRef = useRef<ReplayState | null>(null);
  const atRef = useRef(at);
  atRef.current = at;
  /**
   * The instant the situation was last asked for (range change or jump); `n` makes a second jump to the same
   * instant fetch again. The query for a superseded target is cancelled and its answer never shown.
   */
  const [target, setTarget] = useState(() => ({ ms: Date.parse(filter.from), n: 0 }));
  const queryClient = useQueryClient();
  const histogram = useQuery({
    queryKey: ['history', 'histogram', filter],
    queryFn: ({ signal }) => historyApi.histogram(filter, signal),
  }).data;
  const timeline = useInfiniteQuery({
    queryKey: ['history', 'timeline', filter],
    queryFn: ({ pageParam, signal }) => historyApi.timeline(filter, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (p) => p.nextCursor ?? undefined,
  });
  const items: TimelineItem[] = useMemo(
    () => timeline.data?.pages.flatMap((p) => p.items) ?? [],
    [timeline.data],
  );
  const rows = useMemo(() => groupTimeline(items), [items]);
  const current = currentRowIndex(rows, at);
  const currentKey = current >= 0 ? rowKey(rows[current]!) : null;
  const listRef = useRef<HTMLUListElement>(null);
  const [rangeError, setRangeError] = useState<string | null>(null);

  // The list follows the replay: the row at the replay position stays in view (scrolling the list only,
  // not the panel, so the player above does not jump away).
  useEffect(() => {
    const list = listRef.current;
    const el = list?.querySelector<HTMLElement>('[aria-current="true"]');
    if (!list || !el) return;
    const top = el.offsetTop - list.offsetTop;
    if (top < list.scrollTop || top + el.offsetHeight > list.scrollTop + list.clientHeight)
      list.scrollTop = Math.max(0, top - list.clientHeight / 3);
  }, [currentKey]);
  const stateAt = new Date(target.ms).toISOString();
  const targetState = useQuery({
    queryKey: ['history', 'state', stateAt, target.n],
    queryFn: ({ signal }) => historyApi.state(stateAt, signal),
    // the first target comes from the range effect below
    enabled: target.n > 0,
  }).data;

  const publish = useCallback(
    (s: ReplayState) => {
      stateRef.current = s;
      setReplay(s);
      onReplayState(s);
    },
    [onReplayState],
  );

  useEffect(() => () => onReplayState(null), [onReplayState]);

  useEffect(() => {
    if (targetState) publish(targetState);
  }, [targetState, publish]);

  const jump = useCallback((ms: number) => {
    setAt(ms);
    atRef.current = ms;
    setTarget((t) => ({ ms, n: t.n + 1 }));
  }, []);

  // range or filter changed (histogram and first page follow their query keys): the state at the start
  useEffect(() => jump(Date.parse(filter.from)), [filter, jump]);

  // Playing: one step at a time (the next starts when the last is drawn), each applying the changes of the
  // replay time that elapsed; a full state only when a new incident opens or the changes were cut short.
  // A jump (new target) restarts the loop, so a step still in flight from before is dropped.
  useEffect(() => {
    if (!playing) return;
    const state = (iso: string) =>
      queryClient.fetchQuery({
        queryKey: ['history', 'state', iso, 'step'],
        queryFn: ({ signal }) => historyApi.state(iso, signal),
      });
    const end = Date.parse(filter.to);
    let stopped = false;
    void (async () => {
      let last = performance.now();
      while (!stopped) {
        await sleep(TICK_MS);
        if (stopped) return;
        const now = performance.now();
        const from = atRef.current;
        const to = advance(from, now - last, speed, end);
        last = now;
        if (to <= from) {
          setPlaying(false);
          return;
        }
        const fromIso = new Date(from).toISOString();
        const toIso = new Date(to).toISOString();
        try {
          const ev = await historyApi.events(fromIso, toIso);
          const cur = stateRef.current;
          let next: ReplayState;
          if (!cur || ev.truncated) next = await state(toIso);
          else {
            const r = applyChanges(cur, ev.changes, toIso);
            next = r.needsState ? await state(toIso) : r.state;
          }
          if (stopped) return;
          atRef.current = to;
          setAt(to);
          publish(next);
        } catch {
          // a failed step is retried from the same time on the next one
        }
      }
    })();
    return () => {
      stopped = true;
    };
  }, [playing, speed, filter.to, publish, target, queryClient]);

  const setRange = (from: number, to: number) =>
    setFilter((f) => ({ ...f, from: new Date(from).toISOString(), to: new Date(to).toISOString() }));
  const runExport = (url: string, name: string) => {
    setExportError(null);
    download(url, name).catch((e: Error) => setExportError(e.message));
  };
  const openIncidents = [...(replay?.incidents ?? [])].sort(
    (a, b) =>
      severityRank(b.severity as CapSeverity) - severityRank(a.severity as CapSeverity) ||
      a.openedAt.localeCompare(b.openedAt),
  );

  const startMs = Date.parse(filter.from);
  const endMs = Date.parse(filter.to);
  const buckets = histogram?.buckets ?? [];
  const maxCount = Math.max(1, ...buckets.map((b) => b.total));
  const xOf = (ms: number) => ((ms - startMs) / (endMs - startMs)) * 1000;
  const msOf = (e: React.PointerEvent<SVGSVGElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return startMs + ((e.clientX - r.left) / r.width) * (endMs - startMs);
  };

  return (
    <section className="history-panel" data-testid="history-panel">
      <div className="history-banner" role="status" data-testid="history-banner">
        {t('history.banner')}
      </div>
      <div className="history-ranges">
        <button
          type="button"
          data-testid="history-range-1h"
          onClick={() => {
            const now = Date.now();
            setRange(now - HOUR, now);
          }}
        >
          {t('history.lastHour')}
        </button>
        <button
          type="button"
          data-testid="history-range-24h"
          onClick={() => {
            const now = Date.now();
            setRange(now - DAY, now);
          }}
        >
          {t('history.last24h')}
        </button>
        <button
          type="button"
          data-testid="history-range-now"
          title={t('history.toNowHint')}
          onClick={() => setRange(startMs, Date.now())}
        >
          {t('history.toNow')}
        </button>
        <a href={`#/report/${cityDate(at, tz)}`} data-testid="history-report-link">
          {t('history.dailyReport')}
        </a>
      </div>
      <form
        key={`${filter.from}/${filter.to}`}
        className="history-filter"
        onSubmit={(e) => {
          e.preventDefault();
          const fd = new FormData(e.currentTarget);
          // An input left as shown keeps the exact bound (the inputs show whole minutes).
          const read = (name: string, ms: number) => {
            const v = String(fd.get(name)).trim();
            return v === toCityText(ms, tz) ? ms : parseCityText(v, tz);
          };
          const from = read('from', startMs);
          const to = read('to', endMs);
          if (Number.isNaN(from) || Number.isNaN(to)) {
            setRangeError(
              t('history.badDate', { field: t(Number.isNaN(from) ? 'history.from' : 'history.to') }),
            );
            return;
          }
          if (!(from < to)) {
            setRangeError(t('history.badRange'));
            return;
          }
          setRangeError(null);
          setFilter({
            from: new Date(from).toISOString(),
            to: new Date(to).toISOString(),
            types: TIMELINE_TYPES.filter((ty) => fd.get(`type-${ty}`)),
            severity: String(fd.get('severity') ?? ''),
            category: String(fd.get('category') ?? ''),
            ward: String(fd.get('ward') ?? ''),
            q,
          });
        }}
      >
        {/* Text fields in the city format (dd/MM/yyyy HH:mm, 24 h): a datetime-local field would follow the
            browser's locale (12 h, month first) whatever the console's language. */}
        <label>
          {t('history.from')}{' '}
          <input
            name="from"
            className="city-datetime"
            inputMode="numeric"
            placeholder={t('history.dateFormat')}
            title={t('history.dateFormat')}
            data-testid="history-from"
            aria-invalid={rangeError !== null}
            defaultValue={toCityText(startMs, tz)}
          />
        </label>
        <label>
          {t('history.to')}{' '}
          <input
            name="to"
            className="city-datetime"
            inputMode="numeric"
            placeholder={t('history.dateFormat')}
            title={t('history.dateFormat')}
            data-testid="history-to"
            aria-invalid={rangeError !== null}
            defaultValue={toCityText(endMs, tz)}
          />
        </label>
        {TIMELINE_TYPES.map((ty) => (
          <label key={ty}>
            <input type="checkbox" name={`type-${ty}`} defaultChecked />
            {t(`history.type.${ty}`)}
          </label>
        ))}
        <select name="severity" defaultValue={filter.severity ?? ''} aria-label={t('history.severity')}>
          <option value="">{t('history.anySeverity')}</option>
          {CapSeveritySchema.options.map((v) => (
            <option key={v} value={v}>
              {t(`severity.${v}`)}
            </option>
          ))}
        </select>
        <select name="category" defaultValue={filter.category ?? ''} aria-label={t('history.category')}>
          <option value="">{t('history.anyCategory')}</option>
          <CategoryOptions />
        </select>
        <select name="ward" defaultValue={filter.ward ?? ''} aria-label={t('history.ward')}>
          <option value="">{t('history.anyWard')}</option>
          {city.wards.map((w) => (
            <option key={w.id} value={w.id}>
              {w.name}
            </option>
          ))}
        </select>
        <input
          type="search"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          placeholder={t('history.search')}
        />
        <button type="submit" data-testid="history-load">
          {t('history.load')}
        </button>
        {rangeError && (
          <p className="notice history-range-error" role="alert" data-testid="history-range-error">
            {rangeError}
          </p>
        )}
      </form>

      <svg
        className="history-histogram"
        viewBox="0 0 1000 60"
        preserveAspectRatio="none"
        data-testid="history-histogram"
        onPointerDown={(e) => setBrush({ a: msOf(e), b: msOf(e) })}
        onPointerMove={(e) => brush && setBrush({ ...brush, b: msOf(e) })}
        onPointerUp={() => {
          if (brush && Math.abs(brush.b - brush.a) > (endMs - startMs) / 200) {
            const [a, b] = [Math.min(brush.a, brush.b), Math.max(brush.a, brush.b)];
            setFilter({ ...filter, from: new Date(a).toISOString(), to: new Date(b).toISOString() });
          } else if (brush) jump(brush.a);
          setBrush(null);
        }}
      >
        {buckets.map((b) => {
          const x = xOf(Date.parse(b.t));
          const w = Math.max(1, xOf(Date.parse(b.t) + (histogram?.bucketS ?? 60) * 1000) - x - 1);
          const h = (b.total / maxCount) * 58;
          return <rect key={b.t} className="bar" x={x} y={60 - h} width={w} height={h} />;
        })}
        {brush && (
          <rect
            className="brush"
            x={xOf(Math.min(brush.a, brush.b))}
            y={0}
            width={Math.abs(xOf(brush.b) - xOf(brush.a))}
            height={60}
          />
        )}
        <line
          x1={xOf(at)}
          x2={xOf(at)}
          y1={0}
          y2={60}
          stroke="#fff"
          strokeWidth={2}
          vectorEffect="non-scaling-stroke"
        />
      </svg>

      <div className="history-player">
        <button type="button" data-testid="history-play" onClick={() => setPlaying((p) => !p)}>
          {playing ? t('history.pause') : t('history.play')}
        </button>
        <label>
          {t('history.speed')}{' '}
          <select
            value={speed}
            onChange={(e) => setSpeed(Number(e.target.value))}
            data-testid="history-speed"
          >
            {REPLAY_SPEEDS.map((s) => (
              <option key={s} value={s}>
                ×{s}
              </option>
            ))}
          </select>
        </label>
        <input
          type="range"
          min={startMs}
          max={endMs}
          step={1000}
          value={at}
          onChange={(e) => jump(Number(e.target.value))}
          aria-label={t('history.title')}
          data-testid="history-slider"
        />
        <time data-testid="history-at" dateTime={new Date(at).toISOString()}>
          {formatDateTime(new Date(at).toISOString(), lang, tz)}
        </time>
      </div>

      <div className="history-exports">
        <button
          type="button"
          data-testid="history-export-timeline"
          onClick={() => runExport(historyApi.timelineCsvUrl(filter), 'timeline.csv')}
        >
          {t('history.exportTimeline')}
        </button>
        <button
          type="button"
          data-testid="history-export-readings"
          onClick={() => runExport(historyApi.readingsCsvUrl(filter), 'readings.csv')}
        >
          {t('history.exportReadings')}
        </button>
        <button
          type="button"
          data-testid="history-export-cap"
          onClick={() => runExport(historyApi.capBundleUrl(filter), 'incidents.cap.xml')}
        >
          {t('history.exportCap')}
        </button>
      </div>
      {exportError && (
        <p className="notice" role="alert">
          {t('history.exportFailed', { error: exportError })}
        </p>
      )}

      <h3>{t('history.openAt', { count: openIncidents.length })}</h3>
      {openIncidents.length === 0 && <p className="muted">{t('history.noOpen')}</p>}
      <ul className="history-open" data-testid="history-open">
        {openIncidents.map((i) => (
          <li key={i.id} data-testid={`history-open-${i.id}`} data-status={i.status}>
            <button type="button" onClick={() => onSelectIncident(i.id, i.lon, i.lat)}>
              <span
                className="sev-dot"
                style={{ background: SEVERITY_COLORS[i.severity as CapSeverity] ?? '#888' }}
              />
              {t(`status.${i.status}`)} · {lang === 'en' ? (i.titleEn ?? i.title) : i.title}
            </button>
          </li>
        ))}
      </ul>

      <h3>{t('history.events')}</h3>
      {items.length === 0 && <p>{t('history.noEvents')}</p>}
      <ul className="history-events" data-testid="history-events" ref={listRef}>
        {rows.map((r, idx) => {
          const isCurrent = idx === current;
          if (r.kind === 'item') {
            const i = r.item;
            const action = actionLabel(i, t);
            return (
              <li
                key={i.id}
                className={isCurrent ? 'current' : undefined}
                aria-current={isCurrent || undefined}
              >
                <button type="button" onClick={() => jump(Date.parse(i.time))} data-testid="history-event">
                  <time>{formatDateTime(i.time, lang, tz)}</time> · {t(`history.type.${i.type}`)} ·{' '}
                  {action && <strong>{action} · </strong>}
                  {lang === 'en' ? (i.titleEn ?? i.title) : i.title}
                </button>
              </li>
            );
          }
          return (
            <li
              key={r.id}
              className={isCurrent ? 'current' : undefined}
              aria-current={isCurrent || undefined}
              data-testid="history-burst"
            >
              <details>
                {/* the summary both opens the list and moves the replay to the burst */}
                <summary onClick={() => jump(Date.parse(r.time))} data-testid="history-event">
                  <time>{formatDateTime(r.time, lang, tz)}</time> · {t('history.type.device')} ·{' '}
                  <strong>{t('history.onlineBurst', { count: r.items.length })}</strong>
                </summary>
                <ul>
                  {r.items.map((i) => (
                    <li key={i.id}>
                      <button type="button" onClick={() => jump(Date.parse(i.time))}>
                        <time>{formatDateTime(i.time, lang, tz)}</time> ·{' '}
                        {lang === 'en' ? (i.titleEn ?? i.title) : i.title}
                      </button>
                    </li>
                  ))}
                </ul>
              </details>
            </li>
          );
        })}
      </ul>
      {timeline.hasNextPage && (
        <button
          type="button"
          disabled={timeline.isFetchingNextPage}
          onClick={() => void timeline.fetchNextPage()}
        >
          {t('history.more')}
        </button>
      )}
    </section>
  );
}

function rowKey(r: TimelineRow): string {
  return r.kind === 'item' ? r.item.id : r.id;
}
