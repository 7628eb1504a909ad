import { RingBuffer } from './ring-buffer';

describe('RingBuffer', () => {
  it('keeps items oldest first until full', () => {
    const rb = new RingBuffer<number>(3);
    rb.push(1);
    rb.push(2);
    expect(rb.size).toBe(2);
    expect(rb.toArray()).toEqual([1, 2]);
    expect(rb.last()).toBe(2);
  });

  it('drops the oldest item once full and returns it', () => {
    const rb = new RingBuffer<number>(3);
    [1, 2, 3].forEach((n) => rb.push(n));
    expect(rb.push(4)).toBe(1);
    expect(rb.push(5)).toBe(2);
    expect(rb.toArray()).toEqual([3, 4, 5]);
    expect(rb.size).toBe(3);
  });

  it('stays bounded over many wraps', () => {
    const rb = new RingBuffer<number>(5);
    for (let i = 0; i < 10_003; i++) rb.push(i);
    expect(rb.size).toBe(5);
    expect(rb.toArray()).toEqual([9998, 9999, 10000, 10001, 10002]);
  });

  it('indexes by age, negative from the newest', () => {
    const rb = new RingBuffer<string>(2);
    ['a', 'b', 'c'].forEach((s) => rb.push(s));
    expect(rb.at(0)).toBe('b');
    expect(rb.at(-1)).toBe('c');
    expect(rb.at(2)).toBeUndefined();
    expect(rb.at(-3)).toBeUndefined();
  });

  it('resets to the newest items that fit', () => {
    const rb = new RingBuffer<number>(3);
    rb.push(99);
    rb.reset([1, 2, 3, 4, 5]);
    expect(rb.toArray()).toEqual([3, 4, 5]);
    rb.clear();
    expect(rb.size).toBe(0);
    expect(rb.last()).toBeUndefined();
  });

  it('rejects a capacity that is not a positive integer', () => {
    expect(() => new RingBuffer(0)).toThrow(RangeError);
    expect(() => new RingBuffer(1.5)).toThrow(RangeError);
  });
});
