import { StorageFeatures } from './storage-features';

describe('StorageFeatures.directCopy', () => {
  it.each<[string, boolean, string | null, boolean, boolean]>([
    ['plain PostgreSQL', false, null, true, true],
    ['the embedded database (no COPY)', true, '2.17.2', false, false],
    ['TimescaleDB 2.11, which checks keys in compressed chunks', true, '2.11.0', true, true],
    ['a later TimescaleDB', true, '2.17.2', true, true],
    ['TimescaleDB 3', true, '3.0.0', true, true],
    ['TimescaleDB 2.10, which does not', true, '2.10.3', true, false],
    ['TimescaleDB 1.7', true, '1.7.5', true, false],
  ])('%s', (_, hasTimescale, version, copyFromStdin, expected) => {
    expect(new StorageFeatures(hasTimescale, version, copyFromStdin).directCopy).toBe(expected);
  });
});
