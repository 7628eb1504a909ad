import { readdirSync, readFileSync } from 'node:fs';
import { sampleMachine, sampleProcess } from './proc-stats';

/** CPU seconds used so far, by the parts of one bench:ingest contender's pipeline and by the whole machine. */
export interface CpuParts {
  /** This process: the publishers (and, in Tianyan's turn, its socket client and stats polling). */
  bench: number;
  broker: number;
  /** What is measured: Tianyan, the ceiling's subscriber or the naive bridge. */
  contender: number;
  /** Every PostgreSQL process on the machine. */
  database: number;
  /** Busy time of all cores: the parts above, the kernel's own work and anything else running. */
  machine: number;
  /** Wall-clock seconds (per message: µs of the turn's duration). */
  wall: number;
}

const USER_HZ = 100;

/** Now, for a contender whose own processes are `contenderPids`. */
export function cpuNow(contenderPids: readonly number[], brokerPid: number | undefined): CpuParts {
  const usage = process.cpuUsage();
  const seconds = (pid: number) => {
    try {
      return sampleProcess(pid).cpuSeconds;
    } catch {
      return 0; // gone
    }
  };
  return {
    bench: (usage.user + usage.system) / 1e6,
    broker: brokerPid === undefined ? 0 : seconds(brokerPid),
    contender: contenderPids.reduce((sum, pid) => sum + seconds(pid), 0),
    database: postgresPids().reduce((sum, pid) => sum + seconds(pid), 0),
    machine: sampleMachine().busy / USER_HZ,
    wall: Date.now() / 1000,
  };
}

/** Microseconds of CPU per message between two readings, part by part. */
export function microsPerMessage(from: CpuParts, to: CpuParts, messages: number): CpuParts {
  const per = (key: keyof CpuParts) => Math.round(((to[key] - from[key]) * 1e6) / Math.max(1, messages) * 10) / 10;
  return { bench: per('bench'), broker: per('broker'), contender: per('contender'), database: per('database'), machine: per('machine'), wall: per('wall') };
}

/** Cores the machine kept busy on average (machine CPU over wall time): 2 is all of a 2-core VM. */
export const busyCores = (p: CpuParts): number => Math.round((p.machine / Math.max(1e-9, p.wall)) * 100) / 100;

/** Busy time no part accounts for: softirq network work charged to no process, and anything else running. */
export const otherMicros = (p: CpuParts): number => Math.round((p.machine - p.bench - p.broker - p.contender - p.database) * 10) / 10;

function postgresPids(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres') pids.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}
