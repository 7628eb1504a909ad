import { REPLAY_SPEEDS, type Incident, type ReplayClock, type ReplaySpeed } from '@tianyan/contracts';
import { ALERT_LEVEL_COLORS } from '../alerts/alert-colors';
import { formatClockDate, formatTimeOfDay } from '../format/format';
import { getLocale, t } from '../i18n/i18n';
import { fractionToTime, timeToFraction, type TimelineMarker } from '../replay/timeline-scale';
import { h, setAttr, setText } from './dom';

export interface ReplayBarActions {
  playPause(): void;
  speed(speed: ReplaySpeed): void;
  /** The scrubber was released at `at` (device time, epoch ms). */
  seek(at: number): void;
  exit(): void;
  liveFilter(on: boolean): void;
}

/**
 * The REPLAY banner with the replay clock, and the timeline bar across the incident window with
 * alert markers and a scrubber. Dragging moves the scrubber only; the seek is sent on release.
 */
export class ReplayBarView {
  readonly root: HTMLElement;
  private readonly clock: HTMLElement;
  private readonly date: HTMLElement;
  private readonly play: HTMLButtonElement;
  private readonly speedSelect: HTMLSelectElement;
  private readonly track: HTMLElement;
  private readonly markers: HTMLElement;
  private readonly fill: HTMLElement;
  private readonly thumb: HTMLElement;
  private readonly ended: HTMLElement;
  private dragging: number | null = null;
  private window = { from: 0, to: 1 };

  constructor(incident: Incident, actions: ReplayBarActions, liveFilterOn: boolean) {
    this.clock = h('time', { class: 'replay-clock', testid: 'replay-clock' });
    this.date = h('span', { class: 'replay-date' });
    this.play = h('button', { class: 'replay-play', testid: 'replay-play', attrs: { type: 'button' } });
    this.play.addEventListener('click', () => actions.playPause());
    this.speedSelect = h('select', { class: 'replay-speed', testid: 'replay-speed', attrs: { 'aria-label': t('replay.speed') } });
    for (const s of REPLAY_SPEEDS) this.speedSelect.append(h('option', { text: `${s}×`, attrs: { value: String(s) } }));
    this.speedSelect.addEventListener('change', () => actions.speed(Number(this.speedSelect.value) as ReplaySpeed));
    const exit = h('button', { class: 'replay-exit', testid: 'replay-exit', text: t('replay.exit'), attrs: { type: 'button' } });
    exit.addEventListener('click', () => actions.exit());
    const filter = h('input', { testid: 'incident-live-filter', attrs: { type: 'checkbox' } });
    filter.checked = liveFilterOn;
    filter.addEventListener('change', () => actions.liveFilter(filter.checked));
    this.ended = h('span', { class: 'replay-ended', text: t('replay.ended'), attrs: { hidden: '' } });

    this.markers = h('div', { class: 'replay-markers' });
    this.fill = h('div', { class: 'replay-fill' });
    this.thumb = h('div', { class: 'replay-thumb', testid: 'replay-thumb' });
    this.track = h('div', { class: 'replay-track', testid: 'replay-timeline', attrs: { role: 'slider', 'aria-label': t('replay.timeline'), tabindex: '0' } }, this.fill, this.markers, this.thumb);
    this.track.addEventListener('pointerdown', (e) => {
      this.track.setPointerCapture(e.pointerId);
      this.dragging = this.timeAt(e.clientX);
      this.drawPosition(this.dragging);
    });
    this.track.addEventListener('pointermove', (e) => {
      if (this.dragging === null) return;
      this.dragging = this.timeAt(e.clientX);
      this.drawPosition(this.dragging);
    });
    this.track.addEventListener('pointerup', (e) => {
      if (this.dragging === null) return;
      const at = this.timeAt(e.clientX);
      this.dragging = null;
      actions.seek(at);
    });

    const drill = incident.drill ? [h('span', { class: 'drill-tag', testid: 'replay-drill', text: t('incident.drill') })] : [];
    this.root = h(
      'section',
      { class: 'replay-bar', testid: 'replay-bar', attrs: { 'data-incident-id': incident.id } },
      h(
        'div',
        { class: 'replay-banner' },
        h('span', { class: 'replay-badge', testid: 'replay-banner', text: t('app.mode.replay') }),
        ...drill,
        h('span', { class: 'replay-incident', text: `${incident.code} · ${incident.title}` }),
        h('span', { class: 'replay-time' }, this.date, this.clock, h('span', { class: 'clock-zone', text: t('clock.zone') })),
        this.play,
        this.speedSelect,
        this.ended,
        h('label', { class: 'replay-filter' }, filter, t('incident.liveFilter')),
        exit,
      ),
      this.track,
    );
  }

  setMarkers(markers: readonly TimelineMarker[]): void {
    this.markers.replaceChildren(
      ...markers.map((m) =>
        h('span', { class: `replay-marker${m.drill ? ' drill' : ''}`, testid: 'replay-marker', attrs: { 'data-level': m.level, style: `left:${(m.fraction * 100).toFixed(3)}%;background:${ALERT_LEVEL_COLORS[m.level]}` } }),
      ),
    );
    setAttr(this.track, 'data-markers', String(markers.length));
  }

  render(clock: ReplayClock | null, now: number | null, ended: boolean): void {
    if (!clock || now === null) return;
    this.window = { from: clock.from, to: clock.to };
    setText(this.clock, formatTimeOfDay(now));
    setText(this.date, formatClockDate(now, getLocale()));
    setAttr(this.clock, 'data-at', String(Math.round(now)));
    setText(this.play, clock.paused || ended ? t('replay.play') : t('replay.pause'));
    setAttr(this.play, 'data-paused', String(clock.paused || ended));
    if (document.activeElement !== this.speedSelect) this.speedSelect.value = String(clock.speed);
    this.ended.hidden = !ended;
    if (this.dragging === null) this.drawPosition(now);
  }

  private drawPosition(at: number): void {
    const pct = `${(timeToFraction(at, this.window.from, this.window.to) * 100).toFixed(3)}%`;
    this.thumb.style.left = pct;
    this.fill.style.width = pct;
    setAttr(this.track, 'aria-valuenow', String(Math.round(at)));
  }

  private timeAt(clientX: number): number {
    const box = this.track.getBoundingClientRect();
    return fractionToTime(box.width > 0 ? (clientX - box.left) / box.width : 0, this.window.from, this.window.to);
  }
}
