import { enforcementFilterSchema, enforcementSummaryQuerySchema, failedVehiclesQuerySchema } from './enforcement-query.schema';

describe('enforcement query schemas', () => {
  it('parses times (ISO with offset or epoch ms) and fills defaults', () => {
    expect(enforcementSummaryQuerySchema.parse({ from: '2026-11-23T08:00:00+08:00', to: '1795500000000', groupBy: 'day' })).toEqual({
      from: Date.UTC(2026, 10, 23, 0), to: 1795500000000, groupBy: 'day', limitSet: 'b', includeDrill: false,
    });
    expect(failedVehiclesQuerySchema.parse({ limit: '25', includeDrill: 'true' })).toMatchObject({ limit: 25, includeDrill: true });
    expect(failedVehiclesQuerySchema.parse({})).toMatchObject({ limit: 100 });
  });

  it('refuses unknown parameters, bad values and an empty range', () => {
    const issues = (schema: { safeParse(v: unknown): { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } } }, v: unknown) =>
      schema.safeParse(v).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
    expect(issues(enforcementFilterSchema, { station: 'obd-01' }).join()).toMatch(/station/);
    expect(issues(enforcementFilterSchema, { from: '2026-11-23' })).toEqual(['from: "2026-11-23" is not an ISO 8601 time with offset or epoch ms']);
    expect(issues(enforcementFilterSchema, { from: '2000', to: '1000' })).toEqual(['from: from must be before to']);
    expect(issues(enforcementFilterSchema, { incidentId: 'ENF-1' }).join()).toMatch(/incidentId/);
    expect(issues(enforcementSummaryQuerySchema, { groupBy: 'week' }).join()).toMatch(/groupBy/);
    expect(issues(failedVehiclesQuerySchema, { limit: '1001' }).join()).toMatch(/limit/);
    expect(issues(failedVehiclesQuerySchema, { cursor: 'x' }).join()).toMatch(/cursor/);
  });
});
