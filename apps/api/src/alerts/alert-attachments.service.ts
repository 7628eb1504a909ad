import { BadRequestException, Inject, Injectable, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { AlertAttachment } from '@tianyan/contracts';
import { TIANYAN_CONFIG, type TianyanConfig } from '@tianyan/config';
import { AlertAttachmentRepository } from '@tianyan/storage';
import { AuditService } from '../audit/audit.service';
import type { Actor, AuthenticatedUser } from '../auth/authenticated-user';
import { AlertRecorder } from './alert-recorder.service';

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
/** Evidence is photos, documents and short clips; nothing a browser would run. */
const ALLOWED_TYPES = /^(image\/(jpeg|png|webp|gif|heic)|application\/pdf|text\/plain|video\/mp4)$/;

export interface UploadedEvidence {
  originalname: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}

/**
 * Evidence files of the closed loop: bytes on disk under ATTACHMENTS_DIR (the embedded database
 * takes no query over 64 KiB), metadata and SHA-256 in the database. Uploaded first, then named by
 * the step that presents them (`attachmentIds`).
 */
@Injectable()
export class AlertAttachmentsService {
  private readonly root: string;

  constructor(
    @Inject(TIANYAN_CONFIG) config: TianyanConfig,
    private readonly attachments: AlertAttachmentRepository,
    private readonly recorder: AlertRecorder,
    private readonly audit: AuditService,
  ) {
    this.root = resolve(config.alerts.attachmentsDir);
  }

  async upload(alertId: string, file: UploadedEvidence | undefined, user: AuthenticatedUser, actor: Actor): Promise<AlertAttachment> {
    if (!file) throw new BadRequestException('send the file as multipart/form-data field "file"');
    if (!(await this.recorder.current(alertId))) throw new NotFoundException(`no alert ${alertId}`);
    if (file.size > MAX_ATTACHMENT_BYTES) throw new PayloadTooLargeException(`attachments are limited to ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`);
    if (!ALLOWED_TYPES.test(file.mimetype)) throw new BadRequestException(`content type ${file.mimetype} is not accepted (images, PDF, plain text, MP4)`);
    const id = randomUUID();
    const storageKey = `${alertId}/${id}`;
    await mkdir(join(this.root, alertId), { recursive: true });
    await writeFile(join(this.root, storageKey), file.buffer, { flag: 'wx' });
    const attachment = await this.attachments.insert({
      id,
      alertId,
      fileName: file.originalname.slice(0, 255) || 'evidence',
      contentType: file.mimetype,
      bytes: file.size,
      sha256: createHash('sha256').update(file.buffer).digest('hex'),
      storageKey,
      uploadedBy: user.id,
      uploadedByName: user.username,
    });
    await this.audit.record(actor, 'alert.attachment-upload', { type: 'alert', id: alertId }, { after: attachment });
    return attachment;
  }

  /** The stored file's metadata and its path on disk. */
  async file(alertId: string, attachmentId: string): Promise<{ attachment: AlertAttachment; path: string }> {
    const found = await this.attachments.get(alertId, attachmentId);
    if (!found) throw new NotFoundException(`no attachment ${attachmentId} on alert ${alertId}`);
    const { storageKey, ...attachment } = found;
    return { attachment, path: join(this.root, storageKey) };
  }
}
