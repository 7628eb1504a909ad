import { buildThermalFrameOption, thermalCells, thermalGridBox, type ThermalFrameConfig } from './thermal-frame.option';
import type { ThermalGrid } from '../domain/thermal-frame';

const config: ThermalFrameConfig = { ramp: ['black', 'red', 'yellow'], textColor: 'text', mutedColor: 'muted', hotspotColor: 'cyan', emptyText: 'no frame', hotspotLabel: 'HS', formatTemp: (c) => `${c.toFixed(0)}°C`, widthPx: 470, heightPx: 212 };
const grid: ThermalGrid = { w: 3, h: 2, values: Float32Array.from([20, 21, 22, 23, 480.04, 25]), min: 20, max: 480.04 };
type AnyRecord = Record<string, unknown>;

describe('buildThermalFrameOption', () => {
  it('lays cells out as [x, y, °C], row 0 on top', () => {
    expect(thermalCells(grid)).toEqual([[0, 0, 20], [1, 0, 21], [2, 0, 22], [0, 1, 23], [1, 1, 480], [2, 1, 25]]);
    const o = buildThermalFrameOption({ grid, hotspot: null }, config);
    expect((o.yAxis as AnyRecord).inverse).toBe(true);
    expect(((o.xAxis as AnyRecord).data as number[]).length).toBe(3);
  });

  it('scales the colour ramp to the frame and rings the hotspot with its temperature', () => {
    const o = buildThermalFrameOption({ grid, hotspot: { x: 1, y: 1, tempC: 480 } }, config);
    expect(o.visualMap).toMatchObject({ min: 20, max: 481, inRange: { color: ['black', 'red', 'yellow'] }, show: true });
    const hotspot = (o.series as AnyRecord[]).find((s) => s.id === 'hotspot')!;
    expect(hotspot.data).toEqual([[1, 1]]);
    expect(((hotspot.label as AnyRecord).formatter as () => string)()).toBe('HS 480°C');
  });

  it('keeps thermal pixels square and centred beside the colour scale', () => {
    expect(thermalGridBox(40, 32, 470, 212)).toEqual({ left: 6 + (394 - 250) / 2, top: 6, width: 250, height: 200 });
    expect(thermalGridBox(40, 32, 200, 400).width).toBeCloseTo(124, 5);
  });

  it('shows an empty state without a frame and drops a hotspot outside it', () => {
    const empty = buildThermalFrameOption({ grid: null, hotspot: { x: 1, y: 1, tempC: 30 } }, config);
    expect((empty.graphic as AnyRecord[])[0]!.invisible).toBe(false);
    expect((empty.series as AnyRecord[])[0]!.data).toEqual([]);
    const outside = buildThermalFrameOption({ grid, hotspot: { x: 9, y: 1, tempC: 30 } }, config);
    expect((outside.series as AnyRecord[])[1]!.data).toEqual([]);
  });
});
