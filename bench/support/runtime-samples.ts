import { existsSync, readFileSync } from 'node:fs';
import type { RuntimeSample } from './runtime-probe';

/** The runtime probe's samples (support/runtime-probe.ts) taken within [from, to]. */
export function runtimeSamples(file: string, from = 0, to = Infinity): RuntimeSample[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as RuntimeSample)
    .filter((s) => s.at >= from && s.at <= to);
}

export const mean = (xs: number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
export const round1 = (x: number): number => Math.round(x * 10) / 10;
export const round2 = (x: number): number => Math.round(x * 100) / 100;
