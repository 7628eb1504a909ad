import { truncateUtf8 } from './utf8-truncate';

const CLOSE_FONT = '</font>';

/**
 * Group robots render a little HTML inside markdown (`<font color=…>`, WeCom's `<@userid>`): text
 * that comes from devices or rule names gets full-width angle brackets so it cannot add any.
 */
export function plainRobotText(text: string): string {
  return text.replace(/</g, '＜').replace(/>/g, '＞');
}

/**
 * Fits robot markdown into the robot's byte limit: cut on a character boundary, drop a tag the cut
 * fell into, and close a `<font>` left open, so the message still renders.
 */
export function fitRobotMarkdown(markdown: string, maxBytes: number): string {
  if (Buffer.byteLength(markdown, 'utf8') <= maxBytes) return markdown;
  let text = truncateUtf8(markdown, maxBytes - CLOSE_FONT.length);
  const lastOpen = text.lastIndexOf('<');
  if (lastOpen > text.lastIndexOf('>')) text = `${text.slice(0, lastOpen)}…`;
  const opened = text.split('<font').length - 1;
  const closed = text.split(CLOSE_FONT).length - 1;
  return opened > closed ? text + CLOSE_FONT : text;
}
