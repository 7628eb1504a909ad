import { Injectable, NotFoundException } from '@nestjs/common';
import type { DeviceReading, Stream } from '@tianyan/contracts';
import { ReplayReadingRepository, ReplayScopeRepository, type ReplayWindow } from '@tianyan/storage';
import { csvLine } from './csv-line';
import { incidentReadings } from './incident-readings';
import { CSV_EXPORTS, StreamCsvShape, type CsvExportName } from './stream-csv-shape';

/**
 * CSV export of one stream of an incident: the deployed devices' readings inside their deployment
 * windows, in device-time order, read page by page through the replay reader (never the whole
 * incident in memory). Two passes: the first learns the columns, the second writes the rows.
 */
@Injectable()
export class IncidentCsvService {
  constructor(
    private readonly scopes: ReplayScopeRepository,
    private readonly readings: ReplayReadingRepository,
  ) {}

  async export(incidentId: string, name: CsvExportName): Promise<AsyncIterable<string>> {
    const scope = await this.scopes.scope(incidentId);
    if (!scope) throw new NotFoundException(`incident ${incidentId} not found`);
    // An open incident exports what is stored up to now.
    const until = scope.endAt ?? Date.now();
    const windows = scope.windows;
    const streams = new Set<Stream>(CSV_EXPORTS[name]);
    const shape = new StreamCsvShape(name);
    for await (const r of this.stream(windows, until, streams)) shape.see(r);
    return this.lines(shape, this.stream(windows, until, streams));
  }

  private async *lines(shape: StreamCsvShape, readings: AsyncIterable<DeviceReading>): AsyncGenerator<string> {
    yield csvLine(shape.header());
    for await (const r of readings) for (const row of shape.rows(r)) yield csvLine(row);
  }

  private async *stream(windows: ReplayWindow[], until: number, streams: ReadonlySet<Stream>): AsyncGenerator<DeviceReading> {
    for await (const r of incidentReadings(this.readings, windows, until)) if (streams.has(r.stream)) yield r;
  }
}
