import { readFileSync } from 'node:fs';

/** Linux's USER_HZ (clock ticks per second in /proc/<pid>/stat); 100 on every mainstream kernel. */
const TICKS_PER_SECOND = 100;
const PAGE_BYTES = 4096;

export interface ProcSample {
  /** User + system CPU seconds the process has used so far. */
  cpuSeconds: number;
  rssBytes: number;
  at: number;
}

/** CPU time and RSS of another process, from /proc/<pid>/stat (Linux only). */
export function sampleProcess(pid: number): ProcSample {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces: count fields from after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  const rssPages = Number(fields[21]);
  return { cpuSeconds: (utime + stime) / TICKS_PER_SECOND, rssBytes: rssPages * PAGE_BYTES, at: Date.now() };
}

/** Share of one core the process used between two samples (1 = one full core). */
export function coresBetween(a: ProcSample, b: ProcSample): number {
  return (b.cpuSeconds - a.cpuSeconds) / Math.max(0.001, (b.at - a.at) / 1000);
}

export const mb = (bytes: number): number => Math.round(bytes / 1e5) / 10;

/** Busy and total jiffies of the whole machine (/proc/stat), for how loaded all cores were. */
export function sampleMachine(): { busy: number; total: number } {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = cpu.reduce((a, b) => a + b, 0);
  const idle = cpu[3]! + (cpu[4] ?? 0);
  return { busy: total - idle, total };
}

/** Share of all cores busy between two machine samples (0–1). */
export function machineBusyBetween(a: { busy: number; total: number }, b: { busy: number; total: number }): number {
  return (b.busy - a.busy) / Math.max(1, b.total - a.total);
}
