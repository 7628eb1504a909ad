import { deadlineFromPicker, pickerValue } from './deadline-input';

describe('deadline input', () => {
  it('reads the picker value as Beijing time', () => {
    expect(deadlineFromPicker('2026-01-02T08:30')).toBe('2026-01-02T08:30:00+08:00');
    expect(Date.parse(deadlineFromPicker('2026-01-02T08:30')!)).toBe(Date.UTC(2026, 0, 2, 0, 30));
    expect(deadlineFromPicker('2026-01-02T08:30:15')).toBe('2026-01-02T08:30:15+08:00');
  });

  it('refuses what is not a time', () => {
    expect(deadlineFromPicker('')).toBeNull();
    expect(deadlineFromPicker('tomorrow')).toBeNull();
    expect(deadlineFromPicker('2026-13-45T99:99')).toBeNull();
  });

  it('writes epoch ms as the picker value in Beijing time, round-tripping', () => {
    const t = Date.UTC(2026, 0, 1, 20, 5);
    expect(pickerValue(t)).toBe('2026-01-02T04:05');
    expect(Date.parse(deadlineFromPicker(pickerValue(t))!)).toBe(t);
  });
});
