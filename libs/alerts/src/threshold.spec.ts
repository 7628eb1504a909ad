import { Threshold } from './threshold';

describe('Threshold with hysteresis', () => {
  describe('above (10 % band)', () => {
    const t = new Threshold({ blue: 10, yellow: 20, orange: 30, red: 40 }, 'above', 10);
    it.each([
      [45, 'red'], [40, 'red'], [39.9, 'orange'], [20, 'yellow'], [10, 'blue'],
      [9.5, 'hold'], [9, 'hold'], [8.99, 'clear'], [0, 'clear'],
    ])('%s → %s', (value, expected) => expect(t.judge(value)).toBe(expected));
    it('names the limit reached, or the lowest colour limit', () => {
      expect(t.limitOf('orange')).toBe(30);
      expect(t.limitOf('hold')).toBe(10);
      expect(t.limitOf('clear')).toBe(10);
    });
  });

  describe('below (battery, 10 % band)', () => {
    const t = new Threshold({ yellow: 30, orange: 20, red: 10 }, 'below', 10);
    it.each([[5, 'red'], [10, 'red'], [15, 'orange'], [30, 'yellow'], [32, 'hold'], [33, 'hold'], [33.1, 'clear']])('%s %% → %s', (value, expected) => {
      expect(t.judge(value)).toBe(expected);
    });
    it('rates lower values as worse', () => expect(t.severity(5)).toBeGreaterThan(t.severity(15)));
  });

  it('keeps the band on the safe side of a negative limit', () => {
    const t = new Threshold({ blue: -10 }, 'above', 10);
    expect(t.judge(-10)).toBe('blue');
    expect(t.judge(-11)).toBe('hold');
    expect(t.judge(-11.1)).toBe('clear');
  });

  it('clears just below the limit without a band', () => {
    const t = new Threshold({ yellow: 5 }, 'above', 0);
    expect(t.judge(5)).toBe('yellow');
    expect(t.judge(4.999)).toBe('clear');
  });

  it('refuses limits without a colour', () => expect(() => new Threshold({}, 'above', 10)).toThrow('at least one colour'));
});
