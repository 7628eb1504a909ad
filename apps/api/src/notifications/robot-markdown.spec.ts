import { fitRobotMarkdown, plainRobotText } from './robot-markdown';
import { truncateUtf8 } from './utf8-truncate';

describe('UTF-8 truncation for robots', () => {
  it('leaves text that fits alone', () => {
    expect(truncateUtf8('硫化氢', 9)).toBe('硫化氢');
    expect(fitRobotMarkdown('<font color="info">ok</font>', 100)).toBe('<font color="info">ok</font>');
  });

  it('cuts at every byte offset without splitting a character', () => {
    const text = 'aé硫🔥'.repeat(20);
    for (let max = 3; max < Buffer.byteLength(text); max++) {
      const cut = truncateUtf8(text, max);
      expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(max);
      expect(cut).not.toContain('\uFFFD');
      expect(cut.endsWith('…')).toBe(true);
      expect(text.startsWith(cut.slice(0, -1))).toBe(true);
      // Within one character of the budget: nothing is thrown away needlessly.
      expect(Buffer.byteLength(cut)).toBeGreaterThan(max - 4);
    }
  });

  it('drops a tag the cut falls into and closes an open colour', () => {
    const markup = `<font color="warning">${'硫'.repeat(10)}</font> <font color="comment">tail</font>`;
    for (let max = 10; max < Buffer.byteLength(markup); max++) {
      const fitted = fitRobotMarkdown(markup, max);
      expect(Buffer.byteLength(fitted)).toBeLessThanOrEqual(max);
      expect(fitted.split('<font').length).toBe(fitted.split('</font>').length);
      expect(fitted.lastIndexOf('<')).toBeLessThan(fitted.lastIndexOf('>') + 1);
    }
  });

  it('turns angle brackets in plain text into full-width ones', () => {
    expect(plainRobotText('<@all> a<b')).toBe('＜@all＞ a＜b');
  });
});
