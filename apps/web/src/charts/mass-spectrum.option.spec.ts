import { buildMassSpectrumOption, type MassSpectrumConfig } from './mass-spectrum.option';

const config: MassSpectrumConfig = { color: 'teal', textColor: 'text', mutedColor: 'muted', emptyText: 'pick one', mzLabel: 'm/z', intensityLabel: '%' };
type AnyRecord = Record<string, unknown>;

describe('buildMassSpectrumOption', () => {
  it('draws ions as sticks sorted by m/z and labels the base peak', () => {
    const o = buildMassSpectrumOption({ ions: [[78, 100], [52, 19], [77, 22], [51, 18]], title: 'Benzene' }, config);
    const bars = (o.series as AnyRecord[])[0]!.data as { value: number[]; label: AnyRecord }[];
    expect(bars.map((b) => b.value)).toEqual([[51, 18], [52, 19], [77, 22], [78, 100]]);
    expect(bars[3]!.label).toMatchObject({ show: true, formatter: '78' });
    expect(bars[0]!.label.show).toBe(false);
    expect((o.xAxis as AnyRecord).max).toBe(90);
    expect((o.title as AnyRecord).text).toBe('Benzene');
  });

  it('shows a hint when no identification is selected', () => {
    const o = buildMassSpectrumOption({ ions: [], title: '' }, config);
    expect((o.graphic as AnyRecord[])[0]!.invisible).toBe(false);
  });
});
