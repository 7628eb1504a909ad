import { roleAtLeast, type Incident, type IncidentStateAt } from '@tianyan/contracts';
import { AlarmMute } from '../alerts/alarm-mute';
import { AlarmTone } from '../alerts/alarm-tone';
import { AlertApi } from '../alerts/alert-api';
import { AlertCenter } from '../alerts/alert-center';
import { HttpClient } from '../api/http-client';
import { currentUser } from '../auth/session';
import { MAP_LAYERS, type MapLayer } from '../charts/fleet-map.option';
import { getLocale, onLocaleChange, setLocale, t } from '../i18n/i18n';
import { FrameScheduler } from '../live/frame-scheduler';
import { GapFiller } from '../live/gap-filler';
import { HistoryLoader } from '../live/history-loader';
import { LiveClient } from '../live/socket-client';
import { DEMO_CENTER } from '../map/basemap';
import { tileConfigFromUrl } from '../map/tile-layer';
import { fetchBrokerDropped } from '../state/broker-drops';
import { DEFAULT_STORE_OPTIONS, FleetStore } from '../state/fleet-store';
import { AlertDrawerView, type AlertDrawerState } from '../ui/alert-drawer.view';
import { AlertFlashView } from '../ui/alert-flash.view';
import { AlertMuteView } from '../ui/alert-mute.view';
import { AlertTickerView } from '../ui/alert-ticker.view';
import { DevicePanelView } from '../ui/device-panel.view';
import { h } from '../ui/dom';
import { FleetHealthView } from '../ui/fleet-health.view';
import { HeaderView } from '../ui/header.view';
import { IncidentPickerView } from '../ui/incident-picker.view';
import { ReplayBarView } from '../ui/replay-bar.view';
import { IncidentApi } from '../incidents/incident-api';
import { ReadingSource } from '../replay/reading-source';
import { ReplayController } from '../replay/replay-controller';
import { markersFromAlerts } from '../replay/timeline-scale';
import { EnforcementApi } from '../enforcement/enforcement-api';
import { startOfStationDay } from '../enforcement/enforcement-summary-model';
import { SituationApi } from '../situation/situation-api';
import { SituationController } from '../situation/situation-controller';
import { SituationMapLayer } from '../situation/situation-map-layer';
import { SituationPanelView } from '../situation/situation-panel.view';
import { LIVE_WINDOW_MS } from '../ui/live-chart.view';
import { MAP_HISTORY_MS, MapView, type MapViewState } from '../ui/map.view';
import { StatusBarView } from '../ui/status-bar.view';
import { warn } from './log';

/** OBD inspections are sparse (one per truck): the rate and distributions use a day of history. */
const INSPECTION_HISTORY_MS = 24 * 60 * 60 * 1000;

type Part = 'header' | 'ticker' | 'fleet' | 'map' | 'panel' | 'status' | 'alerts' | 'replay' | 'situation';

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
  picker: IncidentPickerView;
  replayBar: ReplayBarView | null;
  situation: SituationPanelView;
}

/**
 * Wires the screen: REST snapshot + socket live data into one store, views drawn from the store on
 * animation frames, a one-second tick for clocks and data ages. A language switch rebuilds the
 * views over the same store and socket, so no data is lost.
 */
export function startCommandCenter(root: HTMLElement, options: Partial<CommandCenterOptions> = {}): () => void {
  const opts = { ...DEFAULTS, ...options };
  const api = new HttpClient();
  const incidentApi = new IncidentApi();
  const alertApi = new AlertApi();
  const mute = new AlarmMute(storage('localStorage'));
  const tone = new AlarmTone();
  // Replaced as a whole on a seek and on leaving replay: views are rebuilt over the new ones.
  let store = new FleetStore(DEFAULT_STORE_OPTIONS);
  let alerts = new AlertCenter(alertApi, mute, tone, (message) => warn(message));
  let replay: ReplayController | null = null;
  let liveFilter = false;
  /** The one "now" of the screen: the replay clock in replay mode (ages, 10-minute windows). */
  const displayNow = (): number => replay?.clock.now(Date.now()) ?? Date.now();
  const readings = new ReadingSource((batch) => store.applyReadings(batch, { live: true, now: displayNow() }));
  // The situation picture follows the same live/replay switch as the readings; it outlives scopes.
  const situationApi = new SituationApi();
  const situation = new SituationController({
    api: situationApi,
    listIncidents: () => incidentApi.list(),
    error: (message) => warn(`situation: ${message}`),
    changed: () => scheduler.mark('map', 'situation'),
  });
  const situationLayer = new SituationMapLayer(situation);
  // Enforcement statistics in the OBD panel: the replayed incident up to the replay time, or today.
  const enforcementApi = new EnforcementApi();
  const enforcementScope = () => {
    const now = displayNow();
    if (replay) return { incidentId: replay.incident.id, from: null, to: now, label: t('enf.incident', { code: replay.incident.code }) };
    return { incidentId: null, from: startOfStationDay(now), to: null, label: t('enf.today') };
  };
  const drawerState: AlertDrawerState = { mode: 'closed', alertId: null };
  const flash = new AlertFlashView();
  const role = () => currentUser()?.role ?? null;
  let history = new HistoryLoader(api, store, LIVE_WINDOW_MS);
  let gaps = new GapFiller(api, store, LIVE_WINDOW_MS);
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
      header: new HeaderView((locale) => setLocale(locale), openIncidents),
      ticker: new AlertTickerView(alerts.feed, openAlert, openAlertList),
      fleet: new FleetHealthView(store, select),
      map: new MapView(store, select, layers, mapState, tileConfig, { center: alerts, onAlert: openAlert, canEdit: () => roleAtLeast(role() ?? 'viewer', 'commander') }, situationLayer),
      panel: new DevicePanelView(store, { api: enforcementApi, scope: enforcementScope }),
      status: new StatusBarView(store),
      drawer: new AlertDrawerView(alerts, api, role, () => store.devices().map((d) => d.id), drawerState, () => scheduler.mark('alerts')),
      mute: new AlertMuteView(alerts.mute, alerts.tone),
      picker: new IncidentPickerView((incident) => void openReplay(incident), () => views?.picker.hide()),
      replayBar: replay ? new ReplayBarView(replay.incident, replayActions, liveFilter) : null,
      situation: new SituationPanelView({ situation, api: situationApi, canImport: () => roleAtLeast(role() ?? 'viewer', 'commander') }),
    };
    // The situation box sits over the map, like the geofence tools.
    v.map.root.querySelector('.panel-body')?.append(v.situation.root);
    if (replay) v.replayBar?.setMarkers(replay.markers());
    v.header.renderMode(replay ? 'replay' : 'live');
    // The alarm switch sits with the header's other switches.
    v.header.root.querySelector('.topbar-right')?.prepend(v.mute.root);
    root.classList.toggle('replay-mode', replay !== null);
    root.replaceChildren(
      v.header.root, ...(v.replayBar ? [v.replayBar.root] : []), v.ticker.root, h('main', { class: 'workspace' }, v.map.root, v.panel.root, v.drawer.root, v.picker.root), v.fleet.root, v.status.root, flash.root,
    );
    views = v;
    scheduler.mark('header', 'ticker', 'fleet', 'map', 'panel', 'status', 'alerts', 'replay', 'situation');
  };

  const scheduler = new FrameScheduler<Part>(
    (dirty) => {
      const v = views;
      if (!v) return;
      const now = displayNow();
      if (dirty.has('replay') && replay) v.replayBar?.render(replay.clock.clock, now, replay.ended);
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
      if (dirty.has('situation')) v.situation.render();
    },
    undefined,
    { map: opts.mapIntervalMs, panel: opts.panelIntervalMs, fleet: 500, status: 500, situation: 500 },
  );

  const loadHistory = (id: string): void => {
    const device = store.device(id);
    views?.panel.drone.trends.setLoading(true);
    void history.load(id, displayNow(), reportApiError).finally(() => views?.panel.drone.trends.setLoading(false));
    if (device?.kind === 'obd') void history.loadInspections(id, displayNow(), INSPECTION_HISTORY_MS).catch((e: unknown) => reportApiError(errorText(e)));
  };

  /** Store and alert subscriptions: again for every new scope (seek, back to live). */
  const wire = (): void => {
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
  };
  wire();
  mute.subscribe(() => scheduler.mark('alerts'));
  // Browsers keep audio locked until the first gesture: unlock the alarm with it.
  const unlockAudio = (): void => {
    void alerts.tone.unlock().then(() => scheduler.mark('alerts'));
  };
  document.addEventListener('pointerdown', unlockAudio, { once: true });
  document.addEventListener('keydown', unlockAudio, { once: true });

  const refreshDevices = async (): Promise<void> => {
    // In replay the devices are the incident's, from the state at T.
    if (replay) return;
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
    // Apart from fleet health: the stats exist only where ingest runs, and never fail the rest.
    store.setBrokerDropped(await fetchBrokerDropped(api));
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
      onReadings: (batch) => readings.push('live', batch),
      onReplayReadings: (batch) => readings.push('replay', batch),
      onReplayAlerts: (events) => {
        alerts.feed.apply(events.map((e) => e.alert));
        replay?.onAlerts(events);
      },
      onReplayClock: (clock, ended) => {
        replay?.onClock(clock, ended);
        if (replay && !clock.paused) situation.onReplayClock(replay.incident.id, clock.at);
      },
      onSituation: (snapshot) => situation.onLive(snapshot),
      onReplaySituation: (snapshots) => situation.onReplay(snapshots),
      onConnectionState: (state) => store.setConnection(state),
      onSubscribed: (_reply, reconnected) => {
        if (!reconnected || replay) return;
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
      // Live alerts would mix into the replayed ticker (and sound): leaving replay reloads them.
      onAlerts: (list, event) => {
        if (!replay) alerts.onSocket(list, event);
      },
      onError: (message) => warn(message),
    },
  );

  /** Fresh stores (and loaders over them), views rebuilt: a seek and the way back to live. */
  const newScope = (): void => {
    store = new FleetStore(DEFAULT_STORE_OPTIONS);
    alerts = new AlertCenter(alertApi, mute, tone, (message) => warn(message));
    history = new HistoryLoader(api, store, LIVE_WINDOW_MS);
    gaps = new GapFiller(api, store, LIVE_WINDOW_MS);
    wire();
  };

  const fillFromState = (state: IncidentStateAt): void => {
    const selected = store.selectedId;
    const connection = store.connection;
    newScope();
    store.setConnection(connection);
    store.applyReadings(state.devices.flatMap((d) => d.latest), { live: false, now: state.at });
    alerts.feed.replaceOpen(state.alerts, alerts.feed.mark());
    if (replay) void situation.seek(replay.incident.id, state.at);
    mount();
    for (const d of state.devices) {
      if (d.deployment.deviceKind === 'drone') void history.loadTrack(d.deployment.deviceId, state.at, MAP_HISTORY_MS).catch((e: unknown) => reportApiError(errorText(e)));
    }
    const keep = (selected ? store.device(selected) : undefined) ?? store.devices()[0];
    if (keep) store.select(keep.id);
  };

  const replayActions = {
    playPause: () => void replay?.playPause(),
    speed: (speed: Parameters<ReplayController['speed']>[0]) => void replay?.speed(speed),
    seek: (at: number) => void replay?.seek(at),
    exit: () => void closeReplay(),
    liveFilter: (on: boolean) => {
      liveFilter = on;
    },
  };

  const openIncidents = (): void => {
    views?.picker.show(null);
    incidentApi.list().then(
      (list) => views?.picker.show(list),
      (e: unknown) => views?.picker.show(null, errorText(e)),
    );
  };

  const openReplay = async (incident: Incident): Promise<void> => {
    if (replay) await replay.close();
    readings.switchTo('replay');
    situation.switchTo('replay', incident);
    replay = new ReplayController(incident, {
      replayStart: (r) => live.replayStart(r),
      replayControl: (c) => live.replayControl(c),
      replayStop: () => live.replayStop(),
      stateAt: (id, at) => incidentApi.stateAt(id, at),
      resetTo: fillFromState,
      changed: () => {
        views?.replayBar?.setMarkers(replay?.markers() ?? []);
        scheduler.mark('replay', 'header', 'fleet', 'panel', 'status', 'map', 'ticker');
      },
      error: (message) => reportApiError(t('replay.failed', { error: message })),
    });
    const r = replay;
    await r.open(1);
    void loadMarkers(r);
  };

  const loadMarkers = async (r: ReplayController): Promise<void> => {
    try {
      const deployed = new Set((await incidentApi.deployments(r.incident.id)).map((d) => d.deviceId));
      const page = await alertApi.list(
        { levels: [], states: [], ruleKinds: [], deviceId: '', openOnly: false, drill: null, from: new Date(r.from).toISOString(), to: new Date(r.to).toISOString() },
        { limit: 500, offset: 0 },
      );
      r.setListedMarkers(markersFromAlerts(page.items.filter((a) => a.deviceId !== null && deployed.has(a.deviceId)), r.from, r.to));
    } catch (e) {
      reportApiError(errorText(e));
    }
  };

  /** Back to live: fresh stores refilled from REST, like a reconnect; the live filter applies from now on. */
  const closeReplay = async (): Promise<void> => {
    const r = replay;
    if (!r) return;
    replay = null;
    readings.switchTo('live');
    situation.switchTo('live', liveFilter ? r.incident : null);
    await r.close();
    const connection = store.connection;
    newScope();
    store.setConnection(connection);
    mount();
    live.setRooms(liveFilter ? [`incident:${r.incident.id}`] : ['all']);
    void loadSnapshot();
    void refreshHealth();
    void alerts.loadOpen();
    void alerts.loadGeofences();
    void alerts.loadUnits();
  };

  const offLocale = onLocaleChange(() => mount());
  mount();
  live.connect();
  void loadSnapshot();
  void refreshHealth();
  void alerts.loadOpen();
  void alerts.loadGeofences();
  void alerts.loadUnits();
  void situation.loadReceptors();
  void situation.loadIncidents();

  const timers = [
    setInterval(() => scheduler.mark('header', 'fleet', 'panel', 'status', 'map', 'ticker', 'alerts', 'replay', 'situation'), 1000),
    setInterval(() => {
      void alerts.loadGeofences();
      void alerts.loadUnits();
      void situation.loadReceptors();
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
