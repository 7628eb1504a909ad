import type { DeviceReading } from '@tianyan/contracts';

export type ReadingSourceKind = 'live' | 'replay';

/**
 * The seam where readings enter the stores. Live and replay batches both arrive on the one socket;
 * only the active source reaches the sink, so views never know which one feeds them.
 */
export class ReadingSource {
  private active: ReadingSourceKind = 'live';

  constructor(private readonly sink: (readings: readonly DeviceReading[], kind: ReadingSourceKind) => void) {}

  get kind(): ReadingSourceKind {
    return this.active;
  }

  switchTo(kind: ReadingSourceKind): void {
    this.active = kind;
  }

  /** A batch from `kind`; dropped unless that source is active. Returns whether it was applied. */
  push(kind: ReadingSourceKind, readings: readonly DeviceReading[]): boolean {
    if (kind !== this.active || readings.length === 0) return false;
    this.sink(readings, kind);
    return true;
  }
}
