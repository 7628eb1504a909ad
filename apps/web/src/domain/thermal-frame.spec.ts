import { decodeThermalFrame } from './thermal-frame';

function encode(values: number[]): string {
  const bytes = new Uint8Array(values.length * 2);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => view.setUint16(i * 2, v, true));
  return btoa(String.fromCharCode(...bytes));
}

describe('decodeThermalFrame', () => {
  it('reads uint16 little-endian centi-kelvin into °C, row-major', () => {
    const grid = decodeThermalFrame({ w: 3, h: 2, scaleC: 0.01, offsetC: -273.15, data: encode([29315, 29815, 30315, 57315, 29315, 29315]) })!;
    expect(grid.w).toBe(3);
    expect(Array.from(grid.values).map((v) => Math.round(v * 100) / 100)).toEqual([20, 25, 30, 300, 20, 20]);
    expect(grid.min).toBeCloseTo(20, 4);
    expect(grid.max).toBeCloseTo(300, 3);
  });

  it('handles deci-kelvin (low gain) and rejects short data', () => {
    expect(decodeThermalFrame({ w: 1, h: 1, scaleC: 0.1, offsetC: -273.15, data: encode([7731]) })!.values[0]).toBeCloseTo(499.95, 2);
    expect(decodeThermalFrame({ w: 4, h: 4, scaleC: 0.01, offsetC: 0, data: encode([1, 2]) })).toBeNull();
  });
});
