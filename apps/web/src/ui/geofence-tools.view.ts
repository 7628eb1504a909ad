import type { AlertRule } from '@tianyan/contracts';
import type { AlertCenter } from '../alerts/alert-center';
import { LEVEL_KEY, TRIGGER_KEY } from '../alerts/alert-text';
import { GeofenceDraft, type DraftMode } from '../alerts/geofence-draft';
import type { LonLat } from '../alerts/geofence-geometry';
import { t } from '../i18n/i18n';
import { geofenceForm } from './geofence-form.view';
import { geofenceImport } from './geofence-import.view';
import { h, setAttr, setText } from './dom';

type Mode = 'idle' | 'drawing' | 'saving' | 'importing' | 'listing';

export interface GeofenceToolsContext {
  /** The draft changed: redraw its outline. */
  draftChanged(): void;
  /** Geofences were created or deleted: reload them. */
  geofencesChanged(): void;
  /** Whether the user may create and delete geofences (commander and up). */
  canEdit(): boolean;
}

/**
 * The map's geofence tools: draw a polygon (click vertices; double-click or Finish) or a circle
 * (centre, then radius), save it as a rule; import a GeoJSON file; list and delete geofences. The
 * map hands its clicks here while a drawing is under way.
 */
export class GeofenceToolsView {
  readonly root: HTMLElement;
  private readonly bar: HTMLElement;
  private readonly drawBar: HTMLElement;
  private readonly hint: HTMLElement;
  private readonly radius: HTMLInputElement;
  private readonly radiusRow: HTMLElement;
  private readonly finishBtn: HTMLButtonElement;
  private readonly pane: HTMLElement;
  private readonly listBtn: HTMLButtonElement;
  private mode: Mode = 'idle';
  private draftShape: GeofenceDraft | null = null;
  private cursor: LonLat | null = null;
  private listed = '';

  constructor(private readonly center: AlertCenter, private readonly ctx: GeofenceToolsContext) {
    const button = (text: string, testid: string, onClick: () => void, cls = 'btn') => {
      const b = h('button', { class: cls, text, testid, attrs: { type: 'button' } });
      b.addEventListener('click', onClick);
      return b;
    };
    const editing = ctx.canEdit();
    this.listBtn = button('', 'geofence-list-toggle', () => this.setMode(this.mode === 'listing' ? 'idle' : 'listing'));
    this.bar = h('div', { class: 'geo-bar' },
      h('span', { class: 'geo-title', text: t('geo.title') }),
      ...(editing
        ? [button(t('geo.drawPolygon'), 'geofence-draw-polygon', () => this.start('polygon')), button(t('geo.drawCircle'), 'geofence-draw-circle', () => this.start('circle')), button(t('geo.upload'), 'geofence-upload', () => this.setMode('importing'))]
        : []),
      this.listBtn);
    this.hint = h('span', { class: 'geo-hint', testid: 'geofence-hint' });
    this.radius = h('input', { class: 'form-input geo-radius', testid: 'geofence-radius', attrs: { type: 'number', min: '1', step: '10', 'aria-label': t('geo.radius') } });
    this.radius.addEventListener('input', () => {
      this.draftShape?.setRadius(Number(this.radius.value));
      this.sync();
    });
    this.radiusRow = h('label', { class: 'geo-radius-row' }, h('span', { text: t('geo.radius') }), this.radius);
    this.finishBtn = button(t('geo.finish'), 'geofence-finish', () => this.finish(), 'btn primary');
    this.drawBar = h('div', { class: 'geo-draw' }, this.hint, this.radiusRow, button(t('geo.undo'), 'geofence-undo', () => {
      this.draftShape?.undo();
      this.sync();
    }), button(t('geo.cancel'), 'geofence-cancel', () => this.setMode('idle')), this.finishBtn);
    this.pane = h('div', { class: 'geo-pane' });
    this.root = h('div', { class: 'geo-tools', testid: 'geofence-tools' }, this.bar, this.drawBar, this.pane);
    this.setMode('idle');
  }

  /** True while map clicks belong to the drawing. */
  get drawing(): boolean {
    return this.mode === 'drawing';
  }

  /** The outline to draw on the map (the drawing, or the finished shape while its form is open). */
  draft(): { line: [number, number][]; vertices: [number, number][] } | null {
    if (!this.draftShape || (this.mode !== 'drawing' && this.mode !== 'saving')) return null;
    const { line } = this.draftShape.preview(this.mode === 'drawing' ? this.cursor : null);
    return { line, vertices: this.draftShape.vertices.map((v) => [v[0], v[1]]) };
  }

  mapClick(p: LonLat): void {
    if (!this.draftShape || this.mode !== 'drawing') return;
    const complete = this.draftShape.click(p);
    if (this.draftShape.mode === 'circle' && this.draftShape.radiusM !== null) this.radius.value = String(this.draftShape.radiusM);
    this.sync();
    if (complete) this.finish();
  }

  mapDoubleClick(): void {
    if (this.mode === 'drawing' && this.draftShape?.canFinish()) this.finish();
  }

  mapMove(p: LonLat | null): void {
    if (this.mode !== 'drawing') return;
    this.cursor = p;
    this.ctx.draftChanged();
  }

  /** Redraws the list's count (geofences reloaded). */
  render(): void {
    setText(this.listBtn, t('geo.list', { n: this.center.geofences.length }));
    const listed = this.mode === 'listing' ? this.center.geofences.map((g) => `${g.id}:${g.updatedAt}`).join('|') : '';
    if (listed === this.listed) return;
    this.listed = listed;
    if (this.mode === 'listing') this.pane.replaceChildren(this.list());
  }

  private start(mode: DraftMode): void {
    this.draftShape = new GeofenceDraft(mode);
    this.cursor = null;
    this.radius.value = '';
    this.setMode('drawing');
  }

  private finish(): void {
    const shape = this.draftShape;
    if (!shape) return;
    const result = shape.finish();
    if ('error' in result) {
      setText(this.hint, result.error);
      return;
    }
    this.setMode('saving');
    this.pane.replaceChildren(
      geofenceForm(result.geometry, {
        save: (rule) => this.center.api.createRule(rule),
        saved: (rule) => {
          this.setMode('idle');
          this.flash(t('geo.saved', { name: rule.name }));
          this.ctx.geofencesChanged();
        },
        cancel: () => this.setMode('idle'),
      }),
    );
    this.ctx.draftChanged();
  }

  private setMode(mode: Mode): void {
    this.mode = mode;
    this.listed = 'stale';
    setAttr(this.root, 'data-mode', mode);
    this.bar.hidden = mode === 'drawing';
    this.drawBar.hidden = mode !== 'drawing';
    if (mode === 'idle') {
      this.draftShape = null;
      this.pane.replaceChildren();
    }
    if (mode === 'importing') {
      this.pane.replaceChildren(
        geofenceImport({
          send: (request) => this.center.api.importGeofences(request),
          imported: () => this.ctx.geofencesChanged(),
          close: () => this.setMode('idle'),
        }),
      );
    }
    this.sync();
    this.render();
    this.ctx.draftChanged();
  }

  private sync(): void {
    const shape = this.draftShape;
    this.radiusRow.hidden = shape?.mode !== 'circle';
    this.finishBtn.disabled = !shape?.canFinish();
    if (this.mode === 'drawing' && shape) setText(this.hint, t(shape.mode === 'polygon' ? 'geo.hintPolygon' : 'geo.hintCircle'));
    setAttr(this.root, 'data-vertices', String(shape?.vertices.length ?? 0));
    this.ctx.draftChanged();
  }

  private list(): HTMLElement {
    const fences = this.center.geofences;
    if (fences.length === 0) return h('p', { class: 'muted', text: t('geo.none') });
    return h('ul', { class: 'geo-list', testid: 'geofence-list' }, ...fences.map((g) => this.listItem(g)));
  }

  private listItem(g: AlertRule): HTMLElement {
    if (g.kind !== 'geofence') return h('li');
    const del = h('button', { class: 'btn ghost small', text: t('geo.delete'), attrs: { type: 'button' } });
    del.hidden = !this.ctx.canEdit();
    del.addEventListener('click', () => {
      if (!confirm(t('geo.confirmDelete', { name: g.name }))) return;
      del.disabled = true;
      this.center.api.deleteRule(g.id).then(
        () => this.ctx.geofencesChanged(),
        (e: unknown) => {
          del.disabled = false;
          this.flash(t('geo.failed', { error: e instanceof Error ? e.message : String(e) }));
        },
      );
    });
    const what = `${t(TRIGGER_KEY[g.trigger])}${g.trigger === 'dwell' && g.dwellS ? ` · ${t('geo.dwellFor', { s: g.dwellS })}` : ''}`;
    return h('li', { class: `geo-item${g.enabled ? '' : ' disabled'}`, attrs: { 'data-rule-id': g.id } },
      h('span', { class: `level-chip level-${g.level}`, text: t(LEVEL_KEY[g.level]) }),
      h('span', { class: 'geo-name', text: g.name }),
      h('span', { class: 'muted', text: what }),
      del);
  }

  private flash(text: string): void {
    const note = h('p', { class: 'geo-note', testid: 'geofence-note', text });
    this.pane.replaceChildren(note);
    setTimeout(() => note.remove(), 6000);
  }
}
