import { HttpClient } from '../api/http-client';
import { FrameScheduler } from '../live/frame-scheduler';
import { HistoryLoader } from '../live/history-loader';
import { LiveClient } from '../live/socket-client';
import { DEFAULT_STORE_OPTIONS, FleetStore } from '../state/fleet-store';
import { h } from '../ui/dom';
import { warn } from './log';
import { DeviceListView } from '../ui/device-list.view';
import { HeaderView } from '../ui/header.view';
import { LatestValuesView } from '../ui/latest-values.view';
import { LIVE_WINDOW_MS, LiveChartView } from '../ui/live-chart.view';
import { MapView } from '../ui/map.view';
import { StatusBarView } from '../ui/status-bar.view';

/** How far back drone tracks are filled from the series API at start. */
const TRACK_HISTORY_MS = 3 * 60 * 1000;

type Part = 'header' | 'list' | 'map' | 'chart' | 'latest' | 'status';

export interface CommandCenterOptions {
  /** Per-device rate asked of the server (Hz). */
  maxHz: number;
  devicesRefreshMs: number;
  quarantineRefreshMs: number;
}

const DEFAULTS: CommandCenterOptions = { maxHz: 2, devicesRefreshMs: 30_000, quarantineRefreshMs: 15_000 };

/**
 * Wires the screen: REST snapshot + socket live data into one store, views drawn from the store on
 * animation frames, a one-second tick for clocks and data ages.
 */
export function startCommandCenter(root: HTMLElement, options: Partial<CommandCenterOptions> = {}): () => void {
  const opts = { ...DEFAULTS, ...options };
  const store = new FleetStore(DEFAULT_STORE_OPTIONS);
  const api = new HttpClient();
  const history = new HistoryLoader(api, store, LIVE_WINDOW_MS);
  let apiError: string | null = null;
  const reportApiError = (message: string | null): void => {
    if (message) warn(message);
    apiError = message;
    scheduler.mark('status');
  };

  const select = (id: string): void => store.select(id);
  const header = new HeaderView();
  const list = new DeviceListView(select);
  const map = new MapView(store, select);
  const chart = new LiveChartView(store);
  const latest = new LatestValuesView(store);
  const status = new StatusBarView(store);
  root.replaceChildren(header.root, h('div', { class: 'workspace' }, list.root, map.root, h('div', { class: 'side' }, chart.root, latest.root)), status.root);

  const scheduler = new FrameScheduler<Part>((dirty) => {
    const now = Date.now();
    if (dirty.has('header')) {
      header.renderConnection(store.connection);
      header.renderClock(now);
    }
    if (dirty.has('list')) list.render(store.devices(), store.selectedId, now);
    if (dirty.has('map')) map.render(now);
    if (dirty.has('chart')) chart.render(now);
    if (dirty.has('latest')) latest.render(now);
    if (dirty.has('status')) status.render(now, apiError);
  });

  const loadHistory = (id: string): void => {
    chart.setLoading(true);
    void history.load(id, Date.now(), reportApiError).finally(() => chart.setLoading(false));
  };

  store.subscribe((topic, ids) => {
    const selected = store.selectedId;
    switch (topic) {
      case 'devices':
        scheduler.mark('list', 'map', 'status');
        if (selected && ids?.has(selected)) scheduler.mark('latest');
        break;
      case 'series':
        if (selected && ids?.has(selected)) scheduler.mark('chart');
        break;
      case 'selection':
        scheduler.mark('list', 'map', 'chart', 'latest');
        if (selected) loadHistory(selected);
        break;
      case 'connection':
        scheduler.mark('header');
        break;
      case 'counters':
        scheduler.mark('status');
        break;
    }
  });

  const refreshDevices = async (): Promise<void> => {
    try {
      const fetchedAt = Date.now();
      const devices = await api.devices();
      store.applySummaries(devices, fetchedAt);
      reportApiError(null);
    } catch (e) {
      reportApiError(e instanceof Error ? e.message : String(e));
    }
  };

  const loadSnapshot = async (): Promise<void> => {
    await refreshDevices();
    const ids = store.devices().map((d) => d.id);
    await Promise.allSettled(
      ids.map(async (id) => {
        const res = await api.latest(id);
        store.applyReadings(res.readings, { live: false, now: Date.now() });
      }),
    );
    for (const d of store.devices()) {
      if (d.kind === 'drone') void history.loadTrack(d.id, Date.now(), TRACK_HISTORY_MS).catch((e: unknown) => reportApiError(e instanceof Error ? e.message : String(e)));
    }
    if (!store.selectedId) {
      const first = store.devices().find((d) => d.online) ?? store.devices()[0];
      if (first) store.select(first.id);
    }
  };

  const refreshQuarantine = async (): Promise<void> => {
    try {
      const page = await api.quarantine(1, 0);
      store.setQuarantineTotal(page.total);
    } catch {
      store.setQuarantineTotal(null);
    }
  };

  const live = new LiveClient(
    { subscription: { rooms: ['all'], maxHz: opts.maxHz } },
    {
      onReadings: (readings) => store.applyReadings(readings, { live: true, now: Date.now() }),
      onConnectionState: (state) => store.setConnection(state),
      onSubscribed: (_reply, reconnected) => {
        if (!reconnected) return;
        // Back from a gap: the server's view of devices and the missed history come by REST.
        history.reset();
        void refreshDevices();
        if (store.selectedId) loadHistory(store.selectedId);
      },
      onError: (message) => warn(message),
    },
  );

  scheduler.mark('header', 'list', 'map', 'chart', 'latest', 'status');
  live.connect();
  void loadSnapshot();
  void refreshQuarantine();

  const timers = [
    setInterval(() => scheduler.mark('header', 'list', 'chart', 'latest', 'status'), 1000),
    setInterval(() => void refreshDevices(), opts.devicesRefreshMs),
    setInterval(() => void refreshQuarantine(), opts.quarantineRefreshMs),
  ];

  return () => {
    timers.forEach(clearInterval);
    live.close();
    map.dispose();
    chart.dispose();
  };
}
