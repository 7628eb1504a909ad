import type { DeviceReading } from '@tianyan/contracts';
import type { ReplayCursor, ReplayReadingRepository, ReplayWindow } from '@tianyan/storage';

/** The windows' readings with device time up to `until`, in replay order, one page in memory at a time. */
export async function* incidentReadings(repo: ReplayReadingRepository, windows: ReplayWindow[], until: number): AsyncGenerator<DeviceReading> {
  let after: ReplayCursor | null = null;
  do {
    const page: { readings: DeviceReading[]; next: ReplayCursor | null } = await repo.page(windows, after, until);
    yield* page.readings;
    after = page.next;
  } while (after);
}
