const ELLIPSIS = '…';

/**
 * Shortens text to at most `maxBytes` of UTF-8, ending with an ellipsis, without splitting a
 * character (a cut inside a multi-byte sequence would reach the receiver as U+FFFD or be refused).
 */
export function truncateUtf8(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  if (maxBytes < Buffer.byteLength(ELLIPSIS)) return '';
  let end = Math.max(0, maxBytes - Buffer.byteLength(ELLIPSIS));
  // Continuation bytes are 10xxxxxx: back off to the first byte of the character the cut falls in.
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString('utf8') + ELLIPSIS;
}
