import type { HttpClient } from '../api/http-client';
import { formatCount } from '../format/format';
import type { Locale, Translate } from '../i18n/i18n';

/**
 * Mosquitto discards QoS 1 messages when a session queue is full, after it acknowledged them to the
 * publisher: ingest never sees them, so the broker's own count is the only sign of that loss
 * (docs/adr/0001). The status bar raises it; anything short of a count hides it.
 */

/** The broker's drop count; null on brokers without one (aedes), with no ingest to ask (404), when forbidden or failing. */
export async function fetchBrokerDropped(api: Pick<HttpClient, 'ingestStats'>): Promise<number | null> {
  try {
    const { brokerDropped } = await api.ingestStats();
    return typeof brokerDropped === 'number' && Number.isFinite(brokerDropped) ? brokerDropped : null;
  } catch {
    return null;
  }
}

export interface BrokerDropIndicator {
  readonly text: string;
  /** Tooltip: what happened and the remedy. */
  readonly title: string;
}

/** The status bar's alarm, only when the broker dropped something. */
export function brokerDropIndicator(count: number | null, t: Translate, locale: Locale): BrokerDropIndicator | null {
  if (count === null || count <= 0) return null;
  const n = formatCount(count, locale);
  return { text: t('status.brokerDropped', { n }), title: t('status.brokerDroppedHint') };
}
