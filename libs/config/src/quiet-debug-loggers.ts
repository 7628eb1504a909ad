import { createRequire } from 'node:module';

/** What the `debug` package's factory hands out, as far as libraries use it. */
export interface DebugLogger {
  (...args: unknown[]): void;
  enabled: boolean;
  namespace: string;
  extend(namespace: string, delimiter?: string): DebugLogger;
}
export type DebugFactory = (namespace: string) => DebugLogger;

const QUIET = Symbol('quiet debug factory');

/**
 * A `debug` factory that gives every namespace DEBUG does not enable a logger doing nothing. Why:
 * debug's own disabled logger still collects its arguments into an array and reads `enabled` through a
 * getter, and mqtt-packet calls it ~15 times per packet it parses (3.1 against 1.7–2.1 µs of CPU per
 * PUBLISH packet here: docs/performance.md, session 14), mqtt.js's client ~10 times per message. Enabled namespaces keep debug's real logger,
 * so `DEBUG=mqtt-packet:* npm start` logs as before; DEBUG is read as each logger is created, at start.
 * Everything else (`enable`, `formatters`, …) reads through to the real factory.
 */
export function quietDebugFactory(real: DebugFactory): DebugFactory {
  const quiet: DebugFactory = new Proxy(real, {
    apply: (_target, _this, [namespace]: [string]) => {
      const logger = real(namespace);
      return logger.enabled ? logger : quietLogger(namespace, quiet);
    },
    get: (target, key) => (key === 'default' || key === 'debug' ? quiet : key === QUIET ? true : Reflect.get(target, key)),
  });
  return quiet;
}

function quietLogger(namespace: string, factory: DebugFactory): DebugLogger {
  const logger = (() => undefined) as unknown as DebugLogger;
  logger.enabled = false;
  logger.namespace = namespace;
  logger.extend = (sub, delimiter = ':') => factory(`${namespace}${delimiter}${sub}`);
  return logger;
}

/**
 * Puts the quiet factory in place of the `debug` package for every module loaded after this one (the
 * launchers import `@tianyan/config` before anything that logs through debug). Without the package
 * (it comes with mqtt.js and socket.io) there is nothing to do.
 */
function installQuietDebugLoggers(): void {
  const load = createRequire(__filename);
  let path: string;
  try {
    path = load.resolve('debug');
  } catch {
    return;
  }
  const real = load(path) as DebugFactory & { [QUIET]?: boolean };
  const cached = load.cache[path];
  if (cached && !real[QUIET]) cached.exports = quietDebugFactory(real);
}

installQuietDebugLoggers();
