import type { AlertLevel } from '@tianyan/contracts';
import { h, setAttr } from './dom';

/**
 * The screen-edge flash of an orange or red alarm: a glow in the alert colour around the whole
 * screen, three pulses, never catching the pointer. `data-count` counts flashes (for tests).
 */
export class AlertFlashView {
  readonly root: HTMLElement;
  private count = 0;

  constructor() {
    this.root = h('div', { class: 'alert-flash', testid: 'alert-flash', attrs: { 'aria-hidden': 'true', 'data-count': '0' } });
    this.root.addEventListener('animationend', () => this.root.classList.remove('flashing'));
  }

  flash(level: AlertLevel): void {
    setAttr(this.root, 'data-level', level);
    setAttr(this.root, 'data-count', String(++this.count));
    // Restart the animation when a second alarm comes while the first still flashes.
    this.root.classList.remove('flashing');
    void this.root.offsetWidth;
    this.root.classList.add('flashing');
  }
}
