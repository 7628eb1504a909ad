import { roleAtLeast } from '@tianyan/contracts';
import { AlarmMute } from '../alerts/alarm-mute';
import { AlarmTone } from '../alerts/alarm-tone';
import { AlertApi } from '../alerts/alert-api';
import { AlertCenter } from '../alerts/alert-center';
import { HttpClient } from '../api/http-client';
import { currentUser } from '../auth/session';
import { MAP_LAYERS, type MapLayer } from '../charts/fleet-map.option';
import { getLocale, onLocaleChange, setLocale } from '../i18n/i18n';
import { FrameScheduler } from '../live/frame-scheduler';
import { GapFiller } from '../live/gap-filler';
import { HistoryLoader } from '../live/history-loader';
import { LiveClient } from '../live/socket-client';
import { DEMO_CENTER } from '../map/basemap';
import { tileConfigFromUrl } from '../map/tile-layer';
import { DEFAULT_STORE_OPTIONS, FleetStore } from '../state/fleet-store';
import { AlertDrawerView, type AlertDrawerState } from '../ui/alert-drawer.view';
import { AlertFlashView } from '../ui/alert-flash.view';
import { AlertMuteView } from '../ui/alert-mute.view';
import { AlertTickerView } from '../ui/alert-ticker.view';
import { DevicePanelView } from '../ui/device-panel.view';
import { h } from '../ui/dom';
import { FleetHealthView } from '../ui/fleet-health.view';
import { HeaderView } from '../ui/header.view';
import { LIVE_WINDOW_MS } from '../ui/live-chart.view';
import { MAP_HISTORY_MS, MapView, type MapViewState } from '../ui/map.view';
import { StatusBarView } from '../ui/status-bar.view';
import { warn } from './log';

/** OBD inspections are sparse (one per truck): the rate and distributions use a day of history. */
const INSPECTION_HISTORY_MS = 24 * 60 * 60 * 1000;

type Part = 'header' | 'ticker' | 'fleet' | 'map' | 'panel' | 'status' | 'alerts';

export interface CommandCenterOptions {
  /** Per-device rate asked of the server (Hz). */
  maxHz: number;
  devicesRefreshMs: number;
  healthRefreshMs: number;
  /** Geofences and units change rarely (and by other people): re-read this often. */
  alertRulesRefreshMs: number;
  /**
   * Redraw caps (ms). Live data arrives up to 20×/s; a 10-minute window on a ~600 px chart moves
   * about 1 px per second, so redrawing charts and the map twice a second looks the same as every
   * frame and leaves the frame budget to the browser (measured: bench/ui/ui.bench.mjs).
   */
  mapIntervalMs: number;
  panelIntervalMs: number;
}

const DEFAULTS: CommandCenterOptions = { maxHz: 2, devicesRefreshMs: 30_000, healthRefreshMs: 15_000, alertRulesRefreshMs: 60_000, mapIntervalMs: 500, panelIntervalMs: 500 };

interface Views {
  header: HeaderView;
  ticker: AlertTickerView;
  fleet: FleetHealthView;
  map: MapView;
  panel: DevicePanelView;
  status: StatusBarView;
  drawer: AlertDrawerView;
  mute: AlertMuteView;
}

/**
 * Wires the screen: REST snapshot + socket live data into one store, views drawn from the store on
 * animation frames, a one-second tick for clocks and data ages. A language switch rebuilds the
 * views over the same store and socket, so no data is lost.
 */
export function startCommandCenter(root: HTMLElement, options: Partial<CommandCenterOptions> = {}): () => void {
  const opts = { ...DEFAULTS, ...options };
  const store = new FleetStore(DEFAULT_STORE_OPTIONS);
  const api = new HttpClient();
  const alerts = new AlertCenter(new AlertApi(), new AlarmMute(storage('localStorage')), new AlarmTone(), (message) => warn(message));
  const drawerState: AlertDrawerState = { mode: 'closed', alertId: null };
  const flash = new AlertFlashView();
  const role = () => currentUser()?.role ?? null;
  const history = new HistoryLoader(api, store, LIVE_WINDOW_MS);
  const gaps = new GapFiller(api, store, LIVE_WINDOW_MS);
  const layers = new Set<MapLayer>(MAP_LAYERS);
  const mapState: { view: MapViewState } = { view: { center: DEMO_CENTER, zoom: 1.3 } };
  const tileConfig = tileConfigFromUrl(location.search);
  let apiError: string | null = null;
  let views: Views | null = null;

  const reportApiError = (message: string | null): void => {
    if (message) warn(message);
    apiError = message;
    scheduler.mark('status');
  };
  const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

  const select = (id: string): void => store.select(id);

  const openAlert = (id: string): void => views?.drawer.openDetail(id);
  const openAlertList = (): void => views?.drawer.openList();

  const mount = (): void => {
    views?.map.dispose();
    views?.panel.dispose();
    views?.drawer.dispose();
    document.documentElement.lang = getLocale();
    const v: Views = {
      header: new HeaderView((locale) => setLocale(locale)),
      ticker: new AlertTickerView(alerts.feed, openAlert, openAlertList),
      fleet: new FleetHealthView(store, select),
      map: new MapView(store, select, layers, mapState, tileConfig, { center: alerts, onAlert: openAlert, canEdit: () => roleAtLeast(role() ?? 'viewer', 'commander') }),
      panel: new DevicePanelView(store),
      status: new StatusBarView(store),
      drawer: new AlertDrawerView(alerts, api, role, () => store.devices().map((d) => d.id), drawerState, () => scheduler.mark('alerts')),
      mute: new AlertMuteView(alerts.mute, alerts.tone),
    };
    // The alarm switch sits with the header's other switches.
    v.header.root.querySelector('.topbar-right')?.prepend(v.mute.root);
    root.replaceChildren(v.header.root, v.ticker.root, h('main', { class: 'workspace' }, v.map.root, v.panel.root, v.drawer.root), v.fleet.root, v.status.root, flash.root);
    views = v;
    scheduler.mark('header', 'ticker', 'fleet', 'map', 'panel', 'status', 'alerts');
  };

  const scheduler = new FrameScheduler<Part>(
    (dirty) => {
      const v = views;
      if (!v) return;
      const now = Date.now();
      if (dirty.has('header')) {
        v.header.renderConnection(store.connection);
        v.header.renderClock(now);
      }
      if (dirty.has('ticker')) v.ticker.render(now);
      if (dirty.has('alerts')) {
        v.drawer.render(now);
        v.mute.render();
        v.map.geofenceTools?.render();
      }
      if (dirty.has('fleet')) v.fleet.render(now);
      if (dirty.has('map')) v.map.render(now);
      if (dirty.has('panel')) v.panel.render(now);
      if (dirty.has('status')) v.status.render(now, apiError);
    },
    undefined,
    { map: opts.mapIntervalMs, panel: opts.panelIntervalMs, fleet: 500, status: 500 },
  );

  const loadHistory = (id: string): void => {
    const device = store.device(id);
    views?.panel.drone.trends.setLoading(true);
    void history.load(id, Date.now(), reportApiError).finally(() => views?.panel.drone.trends.setLoading(false));
    if (device?.kind === 'obd') void history.loadInspections(id, Date.now(), INSPECTION_HISTORY_MS).catch((e: unknown) => reportApiError(errorText(e)));
  };

  store.subscribe((topic, ids) => {
    const selected = store.selectedId;
    switch (topic) {
      case 'devices':
        scheduler.mark('fleet', 'map', 'status');
        if (selected && ids?.has(selected)) scheduler.mark('panel');
        break;
      case 'series':
        if (selected && ids?.has(selected)) scheduler.mark('panel');
        break;
      case 'selection':
        scheduler.mark('fleet', 'map', 'panel');
        if (selected) loadHistory(selected);
        break;
      case 'connection':
        scheduler.mark('header');
        break;
      case 'counters':
        scheduler.mark('status');
        break;
      case 'health':
        scheduler.mark('fleet');
        break;
    }
  });
  // Alerts: ticker and map from the feed, list and detail from the centre, all on animation frames.
  alerts.feed.subscribe(() => scheduler.mark('ticker', 'map'));
  alerts.subscribe((change) => {
    switch (change.topic) {
      case 'alarm':
        flash.flash(change.alarm.level);
        scheduler.mark('alerts');
        break;
      case 'alerts':
        views?.drawer.onAlerts(change.alerts);
        break;
      case 'geofences':
        scheduler.mark('map', 'alerts');
        break;
      case 'list':
      case 'units':
        scheduler.mark('alerts');
        break;
    }
  });
  alerts.mute.subscribe(() => scheduler.mark('alerts'));
  // Browsers keep audio locked until the first gesture: unlock the alarm with it.
  const unlockAudio = (): void => {
    void alerts.tone.unlock().then(() => scheduler.mark('alerts'));
  };
  document.addEventListener('pointerdown', unlockAudio, { once: true });
  document.addEventListener('keydown', unlockAudio, { once: true });

  const refreshDevices = async (): Promise<void> => {
    try {
      const fetchedAt = Date.now();
      store.applySummaries(await api.devices(), fetchedAt);
      reportApiError(null);
    } catch (e) {
      reportApiError(errorText(e));
    }
  };

  const refreshHealth = async (): Promise<void> => {
    try {
      store.setFleetHealth(await api.fleetHealth());
      const page = await api.quarantine(1, 0);
      store.setQuarantineTotal(page.total);
    } catch {
      store.setFleetHealth(null);
      store.setQuarantineTotal(null);
    }
  };

  const loadSnapshot = async (): Promise<void> => {
    await refreshDevices();
    await Promise.allSettled(
      store.devices().map(async (d) => {
        const res = await api.latest(d.id);
        store.applyReadings(res.readings, { live: false, now: Date.now() });
      }),
    );
    for (const d of store.devices()) {
      if (d.kind === 'drone') void history.loadTrack(d.id, Date.now(), MAP_HISTORY_MS).catch((e: unknown) => reportApiError(errorText(e)));
      if (d.kind === 'obd') void history.loadInspections(d.id, Date.now(), INSPECTION_HISTORY_MS).catch((e: unknown) => reportApiError(errorText(e)));
    }
    if (!store.selectedId) {
      const wanted = new URLSearchParams(location.search).get('device');
      const first = (wanted ? store.device(wanted) : undefined) ?? store.devices().find((d) => d.online) ?? store.devices()[0];
      if (first) store.select(first.id);
    }
  };

  const live = new LiveClient(
    { subscription: { rooms: ['all'], maxHz: opts.maxHz } },
    {
      onReadings: (readings) => store.applyReadings(readings, { live: true, now: Date.now() }),
      onConnectionState: (state) => store.setConnection(state),
      onSubscribed: (_reply, reconnected) => {
        if (!reconnected) return;
        // Back from a gap: refill every held series from the API, then the server's view of devices.
        history.reset();
        void gaps.fill(Date.now()).then((r) => {
          if (r.failed > 0) warn(`gap fill: ${r.failed} of ${r.requests} series failed`);
        });
        void refreshDevices();
        void refreshHealth();
        // Alert events missed while away: the open alerts again, and the list page.
        void alerts.loadOpen();
        if (drawerState.mode === 'list') views?.drawer.list.refresh();
        const selected = store.selectedId;
        if (selected) loadHistory(selected);
      },
      onAlerts: (list, event) => alerts.onSocket(list, event),
      onError: (message) => warn(message),
    },
  );

  const offLocale = onLocaleChange(() => mount());
  mount();
  live.connect();
  void loadSnapshot();
  void refreshHealth();
  void alerts.loadOpen();
  void alerts.loadGeofences();
  void alerts.loadUnits();

  const timers = [
    setInterval(() => scheduler.mark('header', 'fleet', 'panel', 'status', 'map', 'ticker', 'alerts'), 1000),
    setInterval(() => {
      void alerts.loadGeofences();
      void alerts.loadUnits();
    }, opts.alertRulesRefreshMs),
    setInterval(() => void refreshDevices(), opts.devicesRefreshMs),
    setInterval(() => void refreshHealth(), opts.healthRefreshMs),
  ];

  return () => {
    timers.forEach(clearInterval);
    offLocale();
    live.close();
    views?.map.dispose();
    views?.panel.dispose();
    views?.drawer.dispose();
    document.removeEventListener('pointerdown', unlockAudio);
    document.removeEventListener('keydown', unlockAudio);
  };
}

/** Browser storage, or null where it is unavailable (private mode, sandboxed frames). */
function storage(kind: 'localStorage'): Storage | null {
  try {
    return globalThis[kind] ?? null;
  } catch {
    return null;
  }
}
