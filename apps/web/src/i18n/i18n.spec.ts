import { createTranslator, gasName, getLocale, initialLocale, persistLocale, setLocale, unitText } from './i18n';
import { en, zhCN } from './messages';

describe('i18n', () => {
  it('translates and fills placeholders', () => {
    const t = createTranslator('zh-CN');
    expect(t('kind.drone')).toBe('无人机');
    expect(t('age.seconds', { n: 5 })).toBe('5秒前');
    expect(createTranslator('en')('age.seconds', { n: 5 })).toBe('5s ago');
  });

  it('leaves unknown placeholders in place', () => {
    expect(createTranslator('zh-CN')('status.perSecond', {})).toBe('{n} 条/秒');
  });

  it('has the same keys in every dictionary', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
  });

  it('names gases by CAS with the device name as fallback', () => {
    expect(gasName('zh-CN', '7783-06-4', 'hydrogen sulfide')).toBe('硫化氢');
    expect(gasName('en', '999-99-9', 'mystery gas')).toBe('mystery gas');
  });

  it('starts in zh-CN unless the URL or the last choice says otherwise', () => {
    expect(initialLocale('', null)).toBe('zh-CN');
    expect(initialLocale('', 'en')).toBe('en');
    expect(initialLocale('?lang=zh-CN', 'en')).toBe('zh-CN');
    expect(initialLocale('?lang=fr', 'klingon')).toBe('zh-CN');
  });

  it('remembers a switch and translates units', () => {
    const saved = new Map<string, string>();
    persistLocale({ getItem: (k) => saved.get(k) ?? null, setItem: (k, v) => void saved.set(k, v) }, '');
    expect(getLocale()).toBe('zh-CN');
    expect(unitText('m/s')).toBe('米/秒');
    setLocale('en');
    expect(saved.get('tianyan.locale')).toBe('en');
    expect(unitText('m/s')).toBe('m/s');
    expect(unitText('furlong')).toBe('furlong');
    setLocale('zh-CN');
  });
});
