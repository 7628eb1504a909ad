/** Unit tests (*.spec.ts) are pure and fast; integration tests (*.int-spec.ts) use real services. */
const aliases = {
  '^@tianyan/(contracts|config|storage|live|ingest|embedded|simulator|testing|alerts|situation)$': '<rootDir>/libs/$1/src',
};
const transform = {
  '^.+\\.(t|j|mj)s$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true }, target: 'es2022' } }],
};
/** d3 ships ES modules only; Node requires them natively, Jest needs them transformed. */
const transformIgnorePatterns = ['/node_modules/(?!(d3-[a-z-]+|internmap)/)'];
const common = { rootDir: __dirname, moduleNameMapper: aliases, transform, transformIgnorePatterns, testEnvironment: 'node' };

module.exports = {
  testTimeout: 60000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    { ...common, displayName: 'int', testMatch: ['<rootDir>/{apps,libs}/**/*.int-spec.ts'] },
  ],
};
