import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat times (100 on Linux almost everywhere). */
const TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** Fields of /proc/<pid>/stat after "pid (comm) ": index 0 is field 3 (state). */
function statFields(pid: number): string[] | null {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return s.slice(s.lastIndexOf(') ') + 2).split(' ');
  } catch {
    return null;
  }
}

/** utime + stime of a process, in ms (0 once it is gone). */
export function cpuMs(pid: number): number {
  const f = statFields(pid);
  return f ? ((Number(f[11]) + Number(f[12])) * 1000) / TICKS : 0;
}

/** Peak resident set size (VmHWM) of a process, in bytes. */
export function peakRssBytes(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** The parent of a process (PPid), or null when it cannot be read (another machine, gone). */
export function parentPid(pid: number): number | null {
  try {
    const m = /PPid:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** PostgreSQL's processes shared by every database: their CPU counts for any workload on the cluster. */
const SHARED_PG_PROCESSES = /^postgres: (?:[^:]*: )?(checkpointer|background writer|walwriter)\b/;

/**
 * CPU (ms, by pid) of one database's share of a local PostgreSQL: the postmaster's children that serve
 * `database` (backends, its autovacuum workers; ps-style titles name the database) and the shared checkpointer,
 * background writer and WAL writer — not the backends of other databases of the same cluster.
 */
export function postgresCpuMs(postmaster: number, database: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    const f = statFields(pid);
    if (!f || Number(f[1]) !== postmaster) continue;
    let title: string;
    try {
      title = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
    } catch {
      continue;
    }
    if (SHARED_PG_PROCESSES.test(title) || title.split(' ').includes(database))
      out.set(pid, ((Number(f[11]) + Number(f[12])) * 1000) / TICKS);
  }
  return out;
}

/** CPU used between two per-pid samples: processes that started in between count from 0, gone ones not at all. */
export function cpuDeltaMs(before: Map<number, number>, after: Map<number, number>): number {
  let ms = 0;
  for (const [pid, t] of after) ms += t - (before.get(pid) ?? 0);
  return ms;
}
