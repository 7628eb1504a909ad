import type { TianyanConfig } from '@tianyan/config';
import type { SituationSnapshotRepository } from '@tianyan/storage';
import { SituationRetentionService } from './situation-retention.service';

function service(deletions: number[], situation: Partial<TianyanConfig['situation']> = {}) {
  const calls: Array<[number, number, number]> = [];
  const repo = {
    thin: async (before: number, every: number, limit: number) => {
      calls.push([before, every, limit]);
      return deletions.shift() ?? 0;
    },
  } as unknown as SituationSnapshotRepository;
  const config = { situation: { enabled: true, thinAfterMs: 24 * 3_600_000, thinToS: 60, ...situation } } as TianyanConfig;
  return { svc: new SituationRetentionService(repo, config), calls };
}

describe('SituationRetentionService', () => {
  it('thins everything stored before the cutoff, batch after batch until a batch comes back short', async () => {
    const { svc, calls } = service([5000, 5000, 120]);
    const now = Date.UTC(2026, 10, 24);
    expect(await svc.thinNow(now)).toBe(10_120);
    expect(calls).toEqual([
      [now - 86_400_000, 60, 5000],
      [now - 86_400_000, 60, 5000],
      [now - 86_400_000, 60, 5000],
    ]);
  });

  it('runs one pass at a time: a second call joins the one under way', async () => {
    const { svc, calls } = service([3]);
    const [a, b] = await Promise.all([svc.thinNow(), svc.thinNow()]);
    expect([a, b]).toEqual([3, 3]);
    expect(calls).toHaveLength(1);
  });

  it('schedules nothing when thinning is off (0 h) or the picture is off', () => {
    const spy = jest.spyOn(global, 'setInterval');
    service([], { thinAfterMs: 0 }).svc.onApplicationBootstrap();
    service([], { enabled: false }).svc.onApplicationBootstrap();
    expect(spy).not.toHaveBeenCalled();
    const on = service([]).svc;
    on.onApplicationBootstrap();
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockRestore();
    void on.onModuleDestroy();
  });
});
