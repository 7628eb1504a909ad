/** A device's readings to replay: device time in [from, to] (epoch ms); `to` null = no end. */
export interface ReplayWindow {
  deviceId: string;
  from: number;
  to: number | null;
}

/** Overlapping or touching windows of one device become one, so no reading is returned twice. */
export function mergeReplayWindows(windows: readonly ReplayWindow[]): ReplayWindow[] {
  const sorted = [...windows].sort((a, b) => (a.deviceId === b.deviceId ? a.from - b.from : a.deviceId < b.deviceId ? -1 : 1));
  const merged: ReplayWindow[] = [];
  for (const w of sorted) {
    const last = merged[merged.length - 1];
    if (last && last.deviceId === w.deviceId && (last.to === null || w.from <= last.to)) {
      last.to = last.to === null || w.to === null ? null : Math.max(last.to, w.to);
    } else {
      merged.push({ ...w });
    }
  }
  return merged;
}
