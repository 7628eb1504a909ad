import { histogram } from '../domain/histogram';
import { binFails, buildDistributionOption, type DistributionConfig, type DistributionData } from './obd-distribution.option';

const config: DistributionConfig = { barColor: 'blue', failColor: 'red', bandColor: 'band', textColor: 'text', mutedColor: 'muted', countLabel: (n) => `${n} vehicles`, formatValue: String };
type AnyRecord = Record<string, unknown>;

const opacity: DistributionData = {
  title: 'Opacity k', unit: 'm⁻¹', count: 4,
  bins: histogram([0.2, 0.3, 0.75, 1.5], { min: 0, width: 0.5, count: 4 }),
  limits: [{ value: 0.7, label: 'b 0.7', color: 'red', binding: true }, { value: 1.2, label: 'a 1.2', color: 'amber', binding: false }],
};

describe('buildDistributionOption', () => {
  it('draws bins at their centres, colouring bins beyond the binding limit', () => {
    const bars = ((buildDistributionOption(opacity, config).series as AnyRecord[])[0]!.data as { value: number[]; itemStyle: AnyRecord }[]);
    expect(bars.map((b) => b.value)).toEqual([[0.25, 2], [0.75, 1], [1.25, 0], [1.75, 1]]);
    expect(bars.map((b) => b.itemStyle.color)).toEqual(['blue', 'blue', 'red', 'red']);
  });

  it('marks limit b solid and limit a dashed', () => {
    const mark = (buildDistributionOption(opacity, config).series as AnyRecord[])[0]!.markLine as { data: AnyRecord[] };
    expect(mark.data.map((d) => [d.xAxis, (d.lineStyle as AnyRecord).type])).toEqual([[0.7, 'solid'], [1.2, 'dashed']]);
  });

  it('shades the urea pass band and fails bins outside it', () => {
    const urea: DistributionData = { title: 'Urea', unit: '%', count: 0, bins: histogram([], { min: 30, width: 1, count: 5 }), limits: [], band: { from: 31.8, to: 33.2, label: 'pass' } };
    const o = buildDistributionOption(urea, config);
    expect(((o.series as AnyRecord[])[0]!.markArea as { data: AnyRecord[][] }).data[0]![0]).toEqual({ xAxis: 31.8, name: 'pass' });
    expect(urea.bins.map((b) => binFails(b, urea))).toEqual([true, false, false, false, true]);
    expect((o.title as AnyRecord).subtext).toBe('0 vehicles');
  });
});
