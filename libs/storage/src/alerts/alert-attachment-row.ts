import type { AlertAttachment } from '@tianyan/contracts';

/** An attachment with the step it is attached to (null until a step presents it) and the uploader's name. */
export interface StoredAlertAttachment extends AlertAttachment {
  stepId: string | null;
  uploadedByName: string;
}

export const ATTACHMENT_COLUMNS = `id::text AS id, alert_id::text AS alert_id, step_id::text AS step_id, file_name, content_type,
  bytes, sha256, storage_key, uploaded_by, uploaded_by_name, uploaded_at`;

/** `uploadedBy` is the uploader's user id, like an actor's id in the steps. */
export function toAttachment(r: Record<string, unknown>): StoredAlertAttachment {
  return {
    id: r.id as string,
    alertId: r.alert_id as string,
    stepId: r.step_id as string | null,
    fileName: r.file_name as string,
    contentType: r.content_type as string,
    bytes: r.bytes as number,
    sha256: r.sha256 as string,
    uploadedBy: r.uploaded_by as string,
    uploadedByName: r.uploaded_by_name as string,
    uploadedAt: (r.uploaded_at as Date).toISOString(),
  };
}

/** Exactly the contract shape (a step's attachments). */
export function publicAttachment(a: StoredAlertAttachment): AlertAttachment {
  return { id: a.id, alertId: a.alertId, fileName: a.fileName, contentType: a.contentType, bytes: a.bytes, sha256: a.sha256, uploadedBy: a.uploadedBy, uploadedAt: a.uploadedAt };
}
