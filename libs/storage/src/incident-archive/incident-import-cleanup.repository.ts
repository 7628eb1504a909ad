import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * Undoes a failed import: the incident and (by cascade) its deployments. Readings stay: they are
 * idempotent (a re-import counts them as duplicates) and may have been there before the import.
 */
@Injectable()
export class IncidentImportCleanupRepository {
  constructor(private readonly dataSource: DataSource) {}

  async removeIncident(id: string): Promise<void> {
    await this.dataSource.query('DELETE FROM incidents WHERE id = $1', [id]);
  }
}
