import { ALERT_TRANSITIONS, type AlertAction, type AlertActionRequest, type AlertAttachment, type AlertLevel, type ResponsibleUnit } from '@tianyan/contracts';
import { actionRequestFrom, lowerLevels, type ActionField, type ActionProblem } from '../alerts/action-request';
import { ATTACHMENT_ACCEPT, attachmentProblem } from '../alerts/attachment-check';
import { pickerValue } from '../alerts/deadline-input';
import { ACTION_KEY, LEVEL_KEY, UNIT_TIER_KEY } from '../alerts/alert-text';
import { t } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { h } from './dom';

const PROBLEM_KEY = { required: 'action.required', past: 'action.past', notLower: 'action.notLower', invalid: 'action.invalid' } as const satisfies Record<ActionProblem, MessageKey>;
/** Default deadline offered when dispatching or sending back: a day (the rectification clock). */
const DEFAULT_DEADLINE_MS = 24 * 60 * 60 * 1000;

export interface ActionFormContext {
  action: AlertAction;
  level: AlertLevel;
  units: readonly ResponsibleUnit[];
  upload(file: File): Promise<AlertAttachment>;
  submit(request: AlertActionRequest): Promise<void>;
  cancel(): void;
}

/**
 * The fields one action needs (ALERT_TRANSITIONS `needs`): note, deadline picker (Beijing time),
 * responsible unit, the lower colour; plus an optional note and attachments (uploaded as soon as
 * chosen, attached on submit). Problems show beside their field; the server's refusal under it.
 */
export function actionForm(ctx: ActionFormContext): HTMLFormElement {
  const needs = ALERT_TRANSITIONS[ctx.action].needs;
  const fields: Partial<Record<ActionField, { input: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement; problem: HTMLElement }>> = {};
  const rows: HTMLElement[] = [];
  const field = (name: ActionField, labelKey: MessageKey, input: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, required: boolean) => {
    const problem = h('span', { class: 'field-problem', testid: `action-problem-${name}` });
    input.setAttribute('data-field', name);
    if (required) input.setAttribute('required', '');
    input.addEventListener('input', () => (problem.textContent = ''));
    input.addEventListener('change', () => (problem.textContent = ''));
    fields[name] = { input, problem };
    rows.push(h('label', { class: `form-row${required ? ' required' : ''}` }, h('span', { class: 'form-label', text: t(labelKey) }), input, problem));
  };

  if (needs.includes('unitId')) {
    const select = h('select', { class: 'form-input', testid: 'action-unit' },
      h('option', { text: ctx.units.length > 0 ? t('action.pickUnit') : t('action.noUnits'), attrs: { value: '' } }),
      ...ctx.units.map((u) => h('option', { text: `${u.name} · ${t(UNIT_TIER_KEY[u.tier])}`, attrs: { value: u.id } })));
    field('unitId', 'action.unit', select, true);
  }
  if (needs.includes('deadline')) {
    const input = h('input', { class: 'form-input', testid: 'action-deadline', attrs: { type: 'datetime-local', step: '60' } });
    input.value = pickerValue(Date.now() + DEFAULT_DEADLINE_MS);
    field('deadline', 'action.deadline', input, true);
  }
  if (needs.includes('level')) {
    const select = h('select', { class: 'form-input', testid: 'action-level' },
      h('option', { text: t('action.pickLevel'), attrs: { value: '' } }),
      ...lowerLevels(ctx.level).map((l) => h('option', { text: t(LEVEL_KEY[l]), attrs: { value: l } })));
    field('level', 'action.level', select, true);
  }
  const note = h('textarea', { class: 'form-input form-note', testid: 'action-note', attrs: { rows: '2', maxlength: '4000' } });
  field('note', 'action.note', note, needs.includes('note'));

  // Attachments: uploaded on choice; their ids go with the action.
  const attached: AlertAttachment[] = [];
  let uploading = 0;
  const files = h('input', { class: 'form-file', testid: 'action-files', attrs: { type: 'file', multiple: '', accept: ATTACHMENT_ACCEPT } });
  const fileList = h('ul', { class: 'file-list', testid: 'action-file-list' });
  const submit = h('button', { class: 'btn primary', testid: 'action-submit', text: `${t('action.submit')} · ${t(ACTION_KEY[ctx.action])}`, attrs: { type: 'submit' } });
  const cancel = h('button', { class: 'btn', text: t('action.cancel'), attrs: { type: 'button' } });
  const error = h('p', { class: 'form-error', testid: 'action-error', attrs: { role: 'alert' } });
  const busy = (b: boolean) => {
    submit.disabled = b || uploading > 0;
  };
  files.addEventListener('change', () => {
    for (const file of [...(files.files ?? [])]) {
      const item = h('li', { class: 'file-item', text: file.name });
      fileList.append(item);
      const problem = attachmentProblem(file);
      if (problem) {
        item.classList.add('failed');
        item.textContent = t(problem === 'tooLarge' ? 'action.tooLarge' : problem === 'type' ? 'action.badType' : 'action.emptyFile', { file: file.name });
        continue;
      }
      uploading++;
      busy(false);
      item.classList.add('uploading');
      item.title = t('action.uploading');
      ctx.upload(file).then(
        (a) => {
          attached.push(a);
          item.classList.replace('uploading', 'done');
          item.dataset.attachmentId = a.id;
        },
        (e: unknown) => {
          item.classList.replace('uploading', 'failed');
          item.textContent = t('action.uploadFailed', { file: file.name, error: e instanceof Error ? e.message : String(e) });
        },
      ).finally(() => {
        uploading--;
        busy(false);
      });
    }
    files.value = '';
  });
  rows.push(h('div', { class: 'form-row' }, h('span', { class: 'form-label', text: t('action.attachments') }), h('label', { class: 'file-pick' }, files, h('span', { text: t('action.attach') })), fileList));

  const form = h('form', { class: 'action-form', testid: 'action-form', attrs: { 'data-action': ctx.action, novalidate: '' } }, ...rows, error, h('div', { class: 'form-buttons' }, cancel, submit));
  cancel.addEventListener('click', () => ctx.cancel());
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    error.textContent = '';
    for (const f of Object.values(fields)) f.problem.textContent = '';
    const result = actionRequestFrom(
      ctx.action,
      {
        note: note.value,
        deadline: (fields.deadline?.input.value ?? ''),
        unitId: fields.unitId?.input.value ?? '',
        level: (fields.level?.input.value ?? '') as AlertLevel | '',
        attachmentIds: attached.map((a) => a.id),
      },
      { level: ctx.level },
      Date.now(),
    );
    if ('problems' in result) {
      for (const [name, problem] of Object.entries(result.problems) as [ActionField, ActionProblem][]) fields[name]!.problem.textContent = t(PROBLEM_KEY[problem]);
      return;
    }
    busy(true);
    ctx.submit(result.request).then(
      () => busy(false),
      (e: unknown) => {
        busy(false);
        error.textContent = e instanceof Error ? e.message : String(e);
      },
    );
  });
  return form;
}
