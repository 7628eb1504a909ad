/** What the server takes (POST /api/alerts/:id/attachments): images and PDF, at most 10 MB each. */
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
export const ATTACHMENT_ACCEPT = 'image/*,application/pdf,.pdf';

const IMAGE_EXTENSIONS = /\.(png|jpe?g|gif|webp|bmp|tiff?|heic)$/i;

export type AttachmentProblem = 'tooLarge' | 'type' | 'empty';

/** Why a file cannot be attached, checked before uploading; null when it can. */
export function attachmentProblem(file: { name: string; type: string; size: number }): AttachmentProblem | null {
  if (file.size === 0) return 'empty';
  if (file.size > ATTACHMENT_MAX_BYTES) return 'tooLarge';
  // Some systems give no MIME type: judge by the extension then.
  const ok = file.type ? file.type.startsWith('image/') || file.type === 'application/pdf' : IMAGE_EXTENSIONS.test(file.name) || /\.pdf$/i.test(file.name);
  return ok ? null : 'type';
}
