import { incidentPatchSchema } from './incident-patch.schema';

describe('incidentPatchSchema', () => {
  it('keeps only the fields given: omitted ones get no defaults', () => {
    expect(incidentPatchSchema.parse({ title: ' Tank 3 ' })).toEqual({ title: 'Tank 3' });
    expect(incidentPatchSchema.parse({ endAt: null, area: null })).toEqual({ endAt: null, area: null });
  });

  it('refuses unknown keys, an empty change and invalid fields', () => {
    expect(incidentPatchSchema.safeParse({ colour: 'red' }).success).toBe(false);
    expect(incidentPatchSchema.safeParse({}).error?.issues[0]?.message).toBe('change at least one field');
    expect(incidentPatchSchema.safeParse({ level: 'V' }).success).toBe(false);
    expect(incidentPatchSchema.safeParse({ startAt: '2026-01-05 08:00' }).success).toBe(false);
  });
});
