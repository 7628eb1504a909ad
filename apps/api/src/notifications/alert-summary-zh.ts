import {
  INCIDENT_LEVEL_BY_ALERT_LEVEL, type Alert, type AlertLevel, type AlertRuleKind, type AlertState, type DeviceKind, type WebhookEvent,
} from '@tianyan/contracts';

const LEVEL_WORDS: Record<AlertLevel, string> = { red: '红色预警', orange: '橙色预警', yellow: '黄色预警', blue: '蓝色预警' };
const ROMAN: Record<string, string> = { I: 'Ⅰ', II: 'Ⅱ', III: 'Ⅲ', IV: 'Ⅳ' };

const EVENT_WORDS: Record<WebhookEvent, string> = { raised: '新预警', escalated: '预警升级', overdue: '处置超时', state: '状态变更' };

const STATE_WORDS: Record<AlertState, string> = {
  raised: '已发布，待确认',
  acknowledged: '已确认',
  dispatched: '已派发责任单位',
  rectifying: '整改中',
  submitted: '整改已提交',
  county_check: '县级初审通过',
  city_review: '市级复核通过',
  province_tracking: '省级跟踪（公示中）',
  closed: '已销号',
  lifted: '已解除',
};

const RULE_WORDS: Record<AlertRuleKind, string> = {
  exposure: '有毒有害气体超限',
  metric: '监测指标超限',
  thermal: '热异常 / 火点',
  obd: '机动车排放检测不合格',
  geofence: '电子围栏',
  offline: '设备离线',
  flatline: '数据恒定（疑似故障）',
  'clock-skew': '设备时钟偏差',
  'low-battery': '电量低',
  'quarantine-rate': '异常报文增多',
  receptor: '敏感目标进入污染区',
};

const DEVICE_WORDS: Record<DeviceKind, string> = { drone: '无人机', ms: '质谱仪', obd: '遥测 / OBD 检测站' };

/** One alert event in words for the Chinese group robots; each robot adds its own markup. */
export interface AlertSummaryZh {
  /** `红色预警（Ⅰ级）` */
  levelWords: string;
  eventWords: string;
  /** What a drill message says first, in both languages, so nobody takes it for a real incident. */
  drillBanner: string | null;
  title: string;
  /** Label and value, in reading order; only what the alert has. */
  facts: Array<[label: string, value: string]>;
}

export function alertSummaryZh(event: WebhookEvent, alert: Alert): AlertSummaryZh {
  const { measure } = alert;
  const facts: Array<[string, string]> = [['规则', `${alert.ruleName}（${RULE_WORDS[alert.ruleKind] ?? alert.ruleKind}）`]];
  if (alert.deviceId) facts.push(['设备', alert.deviceKind ? `${alert.deviceId}（${DEVICE_WORDS[alert.deviceKind]}）` : alert.deviceId]);
  facts.push(['对象', alert.subject]);
  if (measure.value !== null) facts.push(['测量值', withUnit(measure.value, measure.unit)]);
  if (measure.limit !== null) facts.push(['限值', withUnit(measure.limit, measure.unit) + (measure.basis ? `（依据：${measure.basis}）` : '')]);
  else if (measure.basis) facts.push(['依据', measure.basis]);
  if (alert.peakLevel !== alert.level) facts.push(['最高级别', LEVEL_WORDS[alert.peakLevel]]);
  facts.push(['状态', STATE_WORDS[alert.state] + (alert.overdue ? '（已超时）' : '')]);
  if (alert.dueAt) facts.push(['处置时限', beijingTime(Date.parse(alert.dueAt))]);
  if (alert.lat !== null && alert.lon !== null) facts.push(['位置', `${alert.lat.toFixed(5)}, ${alert.lon.toFixed(5)}`]);
  facts.push(['监测时间', beijingTime(alert.lastReadingAt)]);
  facts.push(['发布时间', beijingTime(Date.parse(alert.raisedAt))]);
  facts.push(['预警编号', alert.id]);
  return {
    levelWords: `${LEVEL_WORDS[alert.level]}（${ROMAN[INCIDENT_LEVEL_BY_ALERT_LEVEL[alert.level]]}级）`,
    eventWords: EVENT_WORDS[event],
    drillBanner: alert.drill ? '【演练 DRILL】本条为演练预警，非真实事件' : null,
    title: alert.title,
    facts,
  };
}

function withUnit(value: number, unit: string | null): string {
  const shown = Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
  return unit ? `${shown} ${unit}` : shown;
}

/** China has one time zone and no daylight saving: UTC+8 by arithmetic, no ICU data needed. */
function beijingTime(epochMs: number): string {
  if (!Number.isFinite(epochMs)) return '—';
  return `${new Date(epochMs + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ')}（北京时间）`;
}
