import { quietDebugFactory, type DebugFactory, type DebugLogger } from './quiet-debug-loggers';

/** A stand-in for the `debug` package: namespaces under `on:` are enabled; calls are recorded. */
function fakeDebug(): DebugFactory & { calls: unknown[][]; created: string[]; enable: (ns: string) => string } {
  const calls: unknown[][] = [];
  const created: string[] = [];
  const factory = ((namespace: string) => {
    created.push(namespace);
    const logger = ((...args: unknown[]) => void calls.push([namespace, ...args])) as DebugLogger;
    logger.enabled = namespace.startsWith('on:');
    logger.namespace = namespace;
    logger.extend = (sub, delimiter = ':') => factory(`${namespace}${delimiter}${sub}`);
    return logger;
  }) as DebugFactory & { calls: unknown[][]; created: string[]; enable: (ns: string) => string };
  factory.calls = calls;
  factory.created = created;
  factory.enable = (ns) => `enabled ${ns}`;
  return factory;
}

describe('quietDebugFactory', () => {
  it('gives a namespace DEBUG does not enable a logger that does nothing', () => {
    const real = fakeDebug();
    const log = quietDebugFactory(real)('mqtt-packet:parser');
    log('parse: %s', 'state');
    expect(log.enabled).toBe(false);
    expect(log.namespace).toBe('mqtt-packet:parser');
    expect(real.calls).toEqual([]);
  });

  it('keeps the real logger of an enabled namespace', () => {
    const real = fakeDebug();
    const log = quietDebugFactory(real)('on:parser');
    log('parse: %s', 'state');
    expect(log.enabled).toBe(true);
    expect(real.calls).toEqual([['on:parser', 'parse: %s', 'state']]);
  });

  it('extends a quiet logger through the factory, so an enabled child logs', () => {
    const real = fakeDebug();
    const quiet = quietDebugFactory(real);
    expect(quiet('socket.io').extend('server').namespace).toBe('socket.io:server');
    expect(quiet('on').extend('x', ':').enabled).toBe(true);
    expect(real.created).toEqual(['socket.io', 'socket.io:server', 'on', 'on:x']);
  });

  it('reads the rest of the package through to the real factory, and is its own default export', () => {
    const real = fakeDebug();
    const quiet = quietDebugFactory(real) as DebugFactory & { enable: (ns: string) => string; default: unknown; debug: unknown };
    expect(quiet.enable('x:*')).toBe('enabled x:*');
    expect(quiet.default).toBe(quiet);
    expect(quiet.debug).toBe(quiet);
  });
});
