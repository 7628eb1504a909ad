import type { AlarmMute } from '../alerts/alarm-mute';
import type { AlarmTone } from '../alerts/alarm-tone';
import { t } from '../i18n/i18n';
import { h, setAttr, svgIcon } from './dom';

const SPEAKER = 'M3 9v6h4l5 5V4L7 9H3Zm13.5 3A4.5 4.5 0 0 0 14 8v8a4.5 4.5 0 0 0 2.5-4ZM14 3.2v2.1a7 7 0 0 1 0 13.4v2.1a9 9 0 0 0 0-17.6Z';
const SPEAKER_OFF = 'M3 9v6h4l5 5V4L7 9H3Zm18.7 6.3-1.4 1.4L17 13.4l-3.3 3.3-1.4-1.4 3.3-3.3-3.3-3.3 1.4-1.4 3.3 3.3 3.3-3.3 1.4 1.4-3.3 3.3Z';

/**
 * The header's alarm-sound switch (remembered in localStorage). It also says when the browser has
 * not yet allowed sound: the first click anywhere unlocks it.
 */
export class AlertMuteView {
  readonly root: HTMLButtonElement;
  private readonly on = svgIcon(SPEAKER);
  private readonly off = svgIcon(SPEAKER_OFF);

  constructor(private readonly mute: AlarmMute, private readonly tone: AlarmTone) {
    this.root = h('button', { class: 'alarm-mute', testid: 'alarm-mute', attrs: { type: 'button' } }, this.on, this.off);
    this.root.addEventListener('click', () => {
      mute.toggle();
      this.render();
    });
  }

  render(): void {
    const muted = this.mute.muted;
    const audio = this.tone.state;
    this.on.style.display = muted ? 'none' : '';
    this.off.style.display = muted ? '' : 'none';
    setAttr(this.root, 'aria-pressed', String(muted));
    setAttr(this.root, 'data-audio', audio);
    const label = muted ? t('alerts.unmute') : audio === 'blocked' ? t('alerts.soundBlocked') : t('alerts.mute');
    setAttr(this.root, 'title', label);
    setAttr(this.root, 'aria-label', label);
  }
}
