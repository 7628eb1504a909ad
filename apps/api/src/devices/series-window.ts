/** Bucket widths a chart reads well: 1 s … 1 day. */
const NICE_BUCKETS_MS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400].map((s) => s * 1000);
const RAW_UP_TO_MS = 15 * 60 * 1000;
const TARGET_POINTS = 600;
export const MAX_SERIES_SPAN_MS = 400 * 24 * 3600 * 1000;

/** Raw rows for short spans; otherwise the smallest nice bucket that keeps the chart near 600 points. */
export function chooseBucketMs(spanMs: number, bucket: string | undefined): number | null {
  if (bucket === 'raw') return null;
  if (bucket && bucket !== 'auto') return Number(bucket);
  if (spanMs <= RAW_UP_TO_MS) return null;
  const wanted = spanMs / TARGET_POINTS;
  return NICE_BUCKETS_MS.find((b) => b >= wanted) ?? NICE_BUCKETS_MS[NICE_BUCKETS_MS.length - 1]!;
}
