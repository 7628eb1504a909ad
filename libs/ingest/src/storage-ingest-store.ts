import { Injectable } from '@nestjs/common';
import { DeviceRepository, ReadingStore } from '@tianyan/storage';
import { IngestStore, type IngestBatch, type IngestWriteResult, type KnownDevice } from './ingest-store';

/** The ingest port backed by the real database. */
@Injectable()
export class StorageIngestStore extends IngestStore {
  constructor(
    private readonly readings: ReadingStore,
    private readonly devices: DeviceRepository,
  ) {
    super();
  }

  override async write(batch: IngestBatch): Promise<IngestWriteResult> {
    const { inserted, duplicates, quarantined } = await this.readings.write(batch);
    return { inserted, duplicates, quarantined };
  }

  override async knownDevices(): Promise<KnownDevice[]> {
    const rows = await this.devices.findAll();
    return rows.map((d) => ({ id: d.id, kind: d.kind, state: d.state, enabled: d.enabled }));
  }
}
