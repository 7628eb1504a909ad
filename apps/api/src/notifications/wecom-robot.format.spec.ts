import type { Alert, AlertLevel } from '@tianyan/contracts';
import { sampleAlert } from './sample-alert';
import { WECOM_CONTENT_MAX_BYTES, wecomRobotFormat } from './wecom-robot.format';

const now = new Date('2026-03-01T02:03:04.000Z');
const base: Alert = { ...sampleAlert(now), id: '5b0f6d1e-8f3c-4c55-9a57-0d7c1d5e7a10', drill: false, ruleName: 'H2S 暴露', title: '硫化氢 62.5 ppm 超 AEGL-3' };
const contentOf = (alert: Alert, event: 'raised' | 'escalated' | 'overdue' | 'state' = 'raised') =>
  (wecomRobotFormat.body(event, alert, now) as { msgtype: string; markdown: { content: string } }).markdown.content;

describe('WeCom group robot format', () => {
  it('is a markdown message with the colour, title, device, value, limit with basis, state and time in Chinese', () => {
    const body = wecomRobotFormat.body('raised', base, now) as { msgtype: string; markdown: { content: string } };
    expect(body.msgtype).toBe('markdown');
    const content = body.markdown.content;
    expect(content).toContain('<font color="warning">红色预警（Ⅰ级）</font> · 新预警');
    expect(content).toContain('**硫化氢 62.5 ppm 超 AEGL-3**');
    expect(content).toContain('> 设备：test-drone（无人机）');
    expect(content).toContain('> 测量值：<font color="warning">62.5 ppm</font>');
    expect(content).toContain('> 限值：50 ppm（依据：AEGL-3 (60 min) = 50 ppm）');
    expect(content).toContain('> 状态：已发布，待确认');
    expect(content).toContain('> 监测时间：2026-03-01 10:03:04（北京时间）');
    expect(content).not.toContain('演练');
  });

  it.each<[AlertLevel, string, string]>([
    ['red', '红色预警（Ⅰ级）', 'warning'],
    ['orange', '橙色预警（Ⅱ级）', 'warning'],
    ['yellow', '黄色预警（Ⅲ级）', 'warning'],
    ['blue', '蓝色预警（Ⅳ级）', 'comment'],
  ])('names %s as %s', (level, words, colour) => {
    expect(contentOf({ ...base, level, peakLevel: level })).toContain(`<font color="${colour}">${words}</font>`);
  });

  it('says what happened: escalation, overdue step, state change', () => {
    expect(contentOf(base, 'escalated')).toContain('预警升级');
    expect(contentOf({ ...base, overdue: true, state: 'dispatched' }, 'overdue')).toMatch(/处置超时[\s\S]*> 状态：已派发责任单位（已超时）/);
    expect(contentOf({ ...base, state: 'closed' }, 'state')).toContain('> 状态：已销号');
  });

  it('opens a drill with 演练 / DRILL before anything else', () => {
    const content = contentOf({ ...base, drill: true });
    expect(content.split('\n')[0]).toMatch(/演练 DRILL/);
  });

  it('keeps text from devices and rules from adding markup', () => {
    expect(contentOf({ ...base, title: 'x <@all> <font color="info">ok</font>' })).toContain('**x ＜@all＞ ＜font color="info"＞ok＜/font＞**');
  });

  it.each([
    ['CJK (3 bytes)', '硫'],
    ['emoji (4 bytes)', '🔥'],
    ['Latin with accents (2 bytes)', 'é'],
  ])('cuts a long message to 4096 bytes on a character boundary: %s', (_, unit) => {
    for (let pad = 0; pad < 4; pad++) {
      const content = contentOf({ ...base, title: `${'a'.repeat(pad)}${unit.repeat(3000)}` });
      const bytes = Buffer.from(content, 'utf8');
      expect(bytes.length).toBeLessThanOrEqual(WECOM_CONTENT_MAX_BYTES);
      expect(bytes.length).toBeGreaterThan(WECOM_CONTENT_MAX_BYTES - 16);
      // A split character would decode to U+FFFD and not re-encode to the same bytes.
      expect(content).not.toContain('\uFFFD');
      expect(Buffer.from(bytes.toString('utf8'), 'utf8').equals(bytes)).toBe(true);
      expect(content.endsWith('…**') || content.endsWith('…')).toBe(true);
    }
  });

  it('closes a colour tag the cut leaves open', () => {
    const content = contentOf({ ...base, measure: { ...base.measure, unit: '硫'.repeat(2000) } });
    expect(Buffer.byteLength(content)).toBeLessThanOrEqual(WECOM_CONTENT_MAX_BYTES);
    expect(content.split('<font').length).toBe(content.split('</font>').length);
    expect(content.endsWith('…</font>')).toBe(true);
  });

  it('counts a reply with errcode ≠ 0 as refused', () => {
    expect(wecomRobotFormat.rejection('{"errcode":0,"errmsg":"ok"}')).toBeNull();
    expect(wecomRobotFormat.rejection('{"errcode":93000,"errmsg":"invalid webhook url"}')).toBe('errcode 93000: invalid webhook url');
    expect(wecomRobotFormat.rejection('<html>gateway</html>')).toMatch(/not a robot reply/);
    expect(wecomRobotFormat.rejection('{}')).toMatch(/without errcode/);
  });
});
