import { createHmac } from 'node:crypto';
import type { Alert } from '@tianyan/contracts';
import { DINGTALK_TEXT_MAX_BYTES, dingtalkRobotFormat } from './dingtalk-robot.format';
import { sampleAlert } from './sample-alert';

const now = new Date('2026-03-01T02:03:04.000Z');
const base: Alert = { ...sampleAlert(now), id: '5b0f6d1e-8f3c-4c55-9a57-0d7c1d5e7a10', drill: false, title: '硫化氢 62.5 ppm 超 AEGL-3' };
const robot = 'https://oapi.dingtalk.com/robot/send?access_token=abc123';
type Body = { msgtype: string; markdown: { title: string; text: string } };

describe('DingTalk custom robot format', () => {
  it('is a markdown message with a title for the chat list and the facts in Chinese', () => {
    const body = dingtalkRobotFormat.body('raised', { ...base, level: 'orange', peakLevel: 'orange' }, now) as Body;
    expect(body.msgtype).toBe('markdown');
    expect(body.markdown.title).toBe('橙色预警（Ⅱ级） 新预警：硫化氢 62.5 ppm 超 AEGL-3');
    expect(body.markdown.text).toContain('<font color=#FA8C16>橙色预警（Ⅱ级）</font> · 新预警');
    expect(body.markdown.text).toContain('- 测量值：62.5 ppm');
    expect(body.markdown.text).toContain('- 限值：50 ppm（依据：AEGL-3 (60 min) = 50 ppm）');
    expect(body.markdown.text).toContain('- 监测时间：2026-03-01 10:03:04（北京时间）');
  });

  it('marks a drill in the title and first line', () => {
    const body = dingtalkRobotFormat.body('raised', { ...base, drill: true }, now) as Body;
    expect(body.markdown.title.startsWith('【演练】')).toBe(true);
    expect(body.markdown.text.split('\n')[0]).toMatch(/演练 DRILL/);
  });

  it('signs with timestamp and sign = urlencode(base64(HMAC-SHA256(secret, timestamp\\nsecret)))', () => {
    const secret = 'SEC0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd';
    const timestamp = 1_772_330_584_000;
    const expected = createHmac('sha256', Buffer.from(secret, 'utf8')).update(Buffer.from(`${timestamp}\n${secret}`, 'utf8')).digest().toString('base64');
    const request = dingtalkRobotFormat.request({ url: robot, secret }, { msgtype: 'markdown' }, { deliveryId: 'd', event: 'raised', now: timestamp });
    expect(request.url).toBe(`${robot}&timestamp=${timestamp}&sign=${encodeURIComponent(expected)}`);
    const query = new URL(request.url).searchParams;
    expect(query.get('access_token')).toBe('abc123');
    expect(query.get('sign')).toBe(expected);
    expect(query.get('timestamp')).toBe(String(timestamp));
  });

  it('matches a vector computed outside Node (DingTalk\'s Python sample), with +, / and = escaped', () => {
    // python3: quote_plus(b64encode(hmac.new(b'this is secret', b'1577836800000\nthis is secret', sha256).digest()))
    const request = dingtalkRobotFormat.request({ url: 'https://oapi.dingtalk.com/robot/send', secret: 'this is secret' }, {}, { deliveryId: 'd', event: 'raised', now: 1_577_836_800_000 });
    expect(request.url).toBe('https://oapi.dingtalk.com/robot/send?timestamp=1577836800000&sign=fFV9t5lBS7KH4%2B5B0JjR99ab%2BAJkXFauQXycgTkS%2Ftc%3D');
  });

  it('leaves the URL alone without a secret', () => {
    const request = dingtalkRobotFormat.request({ url: robot, secret: null }, { a: 1 }, { deliveryId: 'd', event: 'raised', now: 1 });
    expect(request).toEqual({ url: robot, headers: { 'content-type': 'application/json; charset=utf-8' }, body: '{"a":1}' });
  });

  it('keeps a long text within its byte budget on a character boundary', () => {
    const body = dingtalkRobotFormat.body('raised', { ...base, title: '🔥'.repeat(3000) }, now) as Body;
    expect(Buffer.byteLength(body.markdown.text)).toBeLessThanOrEqual(DINGTALK_TEXT_MAX_BYTES);
    expect(body.markdown.text).not.toContain('\uFFFD');
    expect(Buffer.byteLength(body.markdown.title)).toBeLessThanOrEqual(200);
  });

  it('counts errcode 310000 (signature, keyword or IP refused) as a failure', () => {
    expect(dingtalkRobotFormat.rejection('{"errcode":0,"errmsg":"ok"}')).toBeNull();
    expect(dingtalkRobotFormat.rejection('{"errcode":310000,"errmsg":"sign not match"}')).toBe('errcode 310000: sign not match');
  });
});
