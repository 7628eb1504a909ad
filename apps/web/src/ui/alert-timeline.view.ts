import type { AlertAttachment, AlertStep } from '@tianyan/contracts';
import { LEVEL_KEY, stepLabel, STATE_KEY } from '../alerts/alert-text';
import { formatDateTime } from '../format/format';
import { t } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { h } from './dom';

export interface TimelineContext {
  unitName(id: string): string;
  download(attachment: AlertAttachment): void;
}

const sizeText = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);

/**
 * The closed loop of an alert, oldest step first: what was done, by whom (name and role; "system"
 * for what the server recorded), when, the note, the deadline set, the unit, the colour when it
 * changed, and the attachments (downloaded with the session's token).
 */
export function alertTimeline(steps: readonly AlertStep[], ctx: TimelineContext): HTMLElement {
  if (steps.length === 0) return h('p', { class: 'empty', text: t('alert.noSteps') });
  let level: string | null = null;
  return h(
    'ol',
    { class: 'timeline', testid: 'alert-timeline' },
    ...steps.map((s) => {
      const who = s.actor ? `${s.actor.username} · ${t(`role.${s.actor.role}` as MessageKey)}` : t('alert.system');
      const levelChanged = level !== null && level !== s.level;
      level = s.level;
      const facts: (HTMLElement | string)[] = [];
      if (s.fromState !== s.toState) facts.push(h('span', { class: `state-tag state-${s.toState}`, text: t(STATE_KEY[s.toState]) }));
      if (levelChanged || s.kind === 'escalated' || s.kind === 'lower') facts.push(h('span', { class: `level-chip level-${s.level}`, text: t(LEVEL_KEY[s.level]) }));
      if (s.unitId) facts.push(h('span', { class: 'step-unit', text: ctx.unitName(s.unitId) }));
      if (s.dueAt) facts.push(h('span', { class: 'step-due', text: t('alert.deadline', { time: formatDateTime(Date.parse(s.dueAt)).slice(0, 16) }) }));
      return h(
        'li',
        { class: `step step-${s.kind}${s.actor ? '' : ' system'}`, testid: 'alert-step', attrs: { 'data-kind': s.kind, 'data-step-id': s.id } },
        h('div', { class: 'step-head' },
          h('span', { class: 'step-kind', text: stepLabel(s.kind, t) }),
          h('span', { class: 'step-who', text: who }),
          h('time', { class: 'step-at', text: formatDateTime(Date.parse(s.at)), attrs: { datetime: s.at } })),
        ...(facts.length > 0 ? [h('div', { class: 'step-facts' }, ...facts)] : []),
        ...(s.note ? [h('p', { class: 'step-note', text: s.note })] : []),
        ...(s.attachments.length > 0
          ? [h('ul', { class: 'step-files' }, ...s.attachments.map((a) => {
              const b = h('button', { class: 'file-link', testid: 'alert-attachment', text: `${a.fileName} (${sizeText(a.bytes)})`, attrs: { type: 'button', 'data-attachment-id': a.id, title: `sha256 ${a.sha256}` } });
              b.addEventListener('click', () => ctx.download(a));
              return h('li', {}, b);
            }))]
          : []),
      );
    }),
  );
}
