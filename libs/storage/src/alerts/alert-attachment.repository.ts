import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ATTACHMENT_COLUMNS, toAttachment, type StoredAlertAttachment } from './alert-attachment-row';
import { isUuid } from './uuid';

export interface AlertAttachmentInsert {
  /** Chosen by the caller when the file is stored under a name derived from it; generated otherwise. */
  id?: string;
  alertId: string;
  fileName: string;
  contentType: string;
  bytes: number;
  /** Lower-case hex. */
  sha256: string;
  /** Where the file lives on disk, relative to the attachment directory. */
  storageKey: string;
  /** User id. */
  uploadedBy: string;
  /** Username, as shown. */
  uploadedByName: string;
}

/** Metadata of files attached to alert steps (the bytes are on disk, see the migration). */
@Injectable()
export class AlertAttachmentRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(meta: AlertAttachmentInsert): Promise<StoredAlertAttachment> {
    const rows = (await this.dataSource.query(
      `INSERT INTO alert_attachments (id, alert_id, file_name, content_type, bytes, sha256, storage_key, uploaded_by, uploaded_by_name)
       VALUES (COALESCE($1::uuid, gen_random_uuid()), $2, $3, $4, $5, $6, $7, $8, $9)
       RETURNING ${ATTACHMENT_COLUMNS}`,
      [meta.id ?? null, meta.alertId, meta.fileName, meta.contentType, meta.bytes, meta.sha256, meta.storageKey, meta.uploadedBy, meta.uploadedByName],
    )) as Record<string, unknown>[];
    return toAttachment(rows[0]!);
  }

  /** Only within its alert: an id of another alert's attachment is not found. `storageKey` is for the server only. */
  async get(alertId: string, id: string): Promise<(StoredAlertAttachment & { storageKey: string }) | null> {
    if (!isUuid(alertId) || !isUuid(id)) return null;
    const rows = (await this.dataSource.query(`SELECT ${ATTACHMENT_COLUMNS} FROM alert_attachments WHERE alert_id = $1 AND id = $2`, [
      alertId,
      id,
    ])) as Record<string, unknown>[];
    return rows[0] ? { ...toAttachment(rows[0]), storageKey: rows[0].storage_key as string } : null;
  }

  /**
   * Attaches uploaded files to a step of the same alert. Files of other alerts, files already on a
   * step and unknown ids are left alone; returns how many were attached.
   */
  async attachToStep(alertId: string, ids: readonly string[], stepId: string): Promise<number> {
    const valid = ids.filter(isUuid);
    if (valid.length === 0 || !isUuid(alertId) || !isUuid(stepId)) return 0;
    const [, count] = (await this.dataSource.query(
      `UPDATE alert_attachments SET step_id = $3 WHERE alert_id = $1 AND id = ANY($2::uuid[]) AND step_id IS NULL
         AND EXISTS (SELECT 1 FROM alert_steps WHERE id = $3 AND alert_id = $1)`,
      [alertId, valid, stepId],
    )) as [unknown, number];
    return count;
  }

  /** Oldest first, attached or not. */
  async listByAlert(alertId: string): Promise<StoredAlertAttachment[]> {
    if (!isUuid(alertId)) return [];
    const rows = (await this.dataSource.query(`SELECT ${ATTACHMENT_COLUMNS} FROM alert_attachments WHERE alert_id = $1 ORDER BY uploaded_at, id`, [
      alertId,
    ])) as Record<string, unknown>[];
    return rows.map(toAttachment);
  }
}
