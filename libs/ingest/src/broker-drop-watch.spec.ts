import { BrokerDropWatch } from './broker-drop-watch';
import { IngestStats } from './ingest-stats';

describe('BrokerDropWatch', () => {
  const setup = () => {
    const stats = new IngestStats();
    const logger = { error: jest.fn(), warn: jest.fn() };
    return { stats, logger, watch: new BrokerDropWatch(stats, logger) };
  };

  it('reports the count in the stats and logs an error for every increase, not for a steady count', () => {
    const { stats, logger, watch } = setup();
    expect(stats.snapshot().brokerDropped).toBeNull();
    watch.accept(Buffer.from('0'));
    watch.accept(Buffer.from('0'));
    expect(stats.snapshot().brokerDropped).toBe(0);
    expect(logger.error).not.toHaveBeenCalled();
    watch.accept(Buffer.from('1260'));
    expect(stats.snapshot().brokerDropped).toBe(1260);
    expect(logger.error).toHaveBeenCalledTimes(1);
    expect(logger.error.mock.calls[0]![0]).toMatch(/dropped 1260 more messages \(1260 since it started/);
    watch.accept(Buffer.from('1260'));
    expect(logger.error).toHaveBeenCalledTimes(1);
  });

  it('warns once about drops from before it connected, and ignores a payload that is not a count', () => {
    const { stats, logger, watch } = setup();
    watch.accept(Buffer.from('42'));
    expect(logger.warn).toHaveBeenCalledWith(expect.stringMatching(/has dropped 42 messages since it started/));
    watch.accept(Buffer.from('n/a'));
    expect(stats.brokerDropped).toBe(42);
    expect(logger.warn).toHaveBeenCalledTimes(2);
    expect(logger.error).not.toHaveBeenCalled();
  });
});
