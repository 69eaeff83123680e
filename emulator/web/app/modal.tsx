// A modal exactly as the bot sent it: Labels holding a text input, a select, a radio
// group, checkboxes or a file upload; Text Displays; and the older action rows of text
// inputs. Required fields, lengths and counts are enforced as the client does before
// anything is sent; the emulator checks again.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { api, type Component, type Modal } from './api.ts';
import { ComponentType, SELECT_TYPES, SelectMenu, selectBounds, selectDefaults } from './components.tsx';
import { usePage } from './context.ts';
import { Markdown } from './markdown.tsx';

/** What each input holds: text, picked values, one radio value, a checkbox, or chosen files. */
export type Values = Record<string, string | string[] | boolean | null | File[]>;

const RADIO_GROUP = 21;
const CHECKBOX_GROUP = 22;
const CHECKBOX = 23;
const FILE_UPLOAD = 19;

function strings(value: Values[string] | undefined): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Between `min` and `max` picks, nothing at all allowed when the input is optional. */
function countProblem(count: number, required: boolean, min: number, max: number): string | null {
  if (count === 0 && !required) return null;
  const least = Math.max(min, required ? 1 : 0);
  if (count < least) return least === 1 ? 'This field is required.' : `Pick at least ${least}.`;
  if (count > max) return `Pick at most ${max}.`;
  return null;
}

interface Field {
  input: Component;
  label: string | undefined;
  description: string | undefined;
}

/** Every input of the modal with the label it is shown under. */
function fieldsOf(modal: Modal): Field[] {
  const out: Field[] = [];
  for (const c of modal.components) {
    if (c.type === ComponentType.LABEL && c.component) out.push({ input: c.component, label: c.label, description: c.description });
    if (c.type === ComponentType.ACTION_ROW) for (const input of c.components ?? []) out.push({ input, label: input.label, description: undefined });
  }
  return out;
}

function initialValues(modal: Modal): Values {
  const values: Values = {};
  for (const { input } of fieldsOf(modal)) {
    if (!input.custom_id) continue;
    const defaults = (input.options ?? []).filter((o) => o.default).map((o) => o.value);
    if (input.type === ComponentType.TEXT_INPUT) values[input.custom_id] = input.value ?? '';
    else if (input.type === RADIO_GROUP) values[input.custom_id] = defaults[0] ?? null;
    else if (input.type === CHECKBOX_GROUP) values[input.custom_id] = defaults;
    else if (input.type === CHECKBOX) values[input.custom_id] = input.default === true;
    else if (input.type === FILE_UPLOAD) values[input.custom_id] = [];
    else values[input.custom_id] = selectDefaults(input);
  }
  return values;
}

/** The client's checks before sending: a sentence per field that fails. */
export function checkModalValues(modal: Modal, values: Values): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const { input } of fieldsOf(modal)) {
    const id = input.custom_id;
    if (!id) continue;
    const value = values[id];
    if (input.type === ComponentType.TEXT_INPUT) {
      const text = typeof value === 'string' ? value : '';
      const length = [...text].length;
      const required = input.required !== false;
      if (required && length === 0) problems[id] = 'This field is required.';
      else if (length > 0 && input.min_length !== undefined && length < input.min_length) problems[id] = `Must be at least ${input.min_length} characters long.`;
      else if (input.max_length !== undefined && length > input.max_length) problems[id] = `Must be ${input.max_length} characters or fewer.`;
    } else if (SELECT_TYPES.has(input.type)) {
      const picked = strings(value);
      const { min, max } = selectBounds(input, input.required !== false);
      if (picked.length < min) problems[id] = min === 1 ? 'This field is required.' : `Pick at least ${min}.`;
      else if (picked.length > max) problems[id] = `Pick at most ${max}.`;
    } else if (input.type === RADIO_GROUP) {
      if (input.required !== false && (value === null || value === undefined)) problems[id] = 'This field is required.';
    } else if (input.type === CHECKBOX_GROUP) {
      const problem = countProblem(strings(value).length, input.required !== false, input.min_values ?? 1, input.max_values ?? (input.options ?? []).length);
      if (problem) problems[id] = problem;
    } else if (input.type === FILE_UPLOAD) {
      const problem = countProblem(Array.isArray(value) ? value.length : 0, input.required !== false, input.min_values ?? 1, input.max_values ?? 1);
      if (problem) problems[id] = problem;
    }
  }
  return problems;
}

/** Chosen files travel as base64, as the page sends attachments. */
async function encodeFiles(values: Values): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [id, value] of Object.entries(values)) {
    if (Array.isArray(value) && value.some((v) => typeof v !== 'string')) {
      out[id] = await Promise.all((value as File[]).map(async (f) => ({ name: f.name, contentType: f.type || 'application/octet-stream', base64: toBase64(new Uint8Array(await f.arrayBuffer())) })));
    } else {
      out[id] = value;
    }
  }
  return out;
}

function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text);
}

export function ModalView({ fromId, modal, onClose }: { fromId: string; modal: Modal; onClose: () => void }) {
  const page = usePage();
  const [values, setValues] = useState<Values>(() => initialValues(modal));
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const set = (id: string, value: Values[string]): void => {
    setValues({ ...values, [id]: value });
    if (problems[id]) {
      const { [id]: _gone, ...rest } = problems;
      setProblems(rest);
    }
  };

  const input = (c: Component, label: string | undefined): ComponentChildren => {
    const id = c.custom_id ?? '';
    const problem = problems[id];
    if (c.type === ComponentType.TEXT_INPUT) {
      const common = {
        id: `modal-${id}`,
        name: id,
        value: typeof values[id] === 'string' ? values[id] : '',
        placeholder: c.placeholder,
        maxLength: c.max_length,
        class: problem ? 'invalid' : undefined,
        'aria-label': label,
        onInput: (e: Event) => set(id, (e.currentTarget as HTMLInputElement | HTMLTextAreaElement).value),
      };
      return c.style === 2 ? <textarea rows={4} {...common} /> : <input type="text" {...common} />;
    }
    if (SELECT_TYPES.has(c.type)) {
      return <SelectMenu component={c} value={strings(values[id])} onChange={(next) => set(id, next)} required={c.required !== false} invalid={problem !== undefined} />;
    }
    if (c.type === RADIO_GROUP || c.type === CHECKBOX_GROUP) {
      const radio = c.type === RADIO_GROUP;
      const picked = radio ? [values[id]] : strings(values[id]);
      return (
        <div class="choices" role={radio ? 'radiogroup' : 'group'} aria-label={label}>
          {(c.options ?? []).map((o) => (
            <label key={o.value} class="choice">
              <input
                type={radio ? 'radio' : 'checkbox'}
                name={id}
                value={o.value}
                checked={picked.includes(o.value)}
                onChange={(e) => {
                  const on = (e.currentTarget as HTMLInputElement).checked;
                  if (radio) set(id, on ? o.value : null);
                  else set(id, on ? [...strings(values[id]), o.value] : strings(values[id]).filter((v) => v !== o.value));
                }}
              />
              <span class="option-text"><span class="option-label">{o.label}</span>{o.description ? <span class="option-description">{o.description}</span> : null}</span>
            </label>
          ))}
        </div>
      );
    }
    if (c.type === CHECKBOX) {
      return (
        <label class="choice">
          <input type="checkbox" name={id} checked={values[id] === true} onChange={(e) => set(id, (e.currentTarget as HTMLInputElement).checked)} />
          <span>{label}</span>
        </label>
      );
    }
    if (c.type === FILE_UPLOAD) {
      return (
        <input
          type="file"
          name={id}
          multiple={(c.max_values ?? 1) > 1}
          aria-label={label}
          onChange={(e) => set(id, [...((e.currentTarget as HTMLInputElement).files ?? [])])}
        />
      );
    }
    return <div class="unknown-component">(an input of type {c.type} the sandbox cannot show)</div>;
  };

  const field = (label: string | undefined, description: string | undefined, c: Component, key: number): ComponentChildren => {
    const id = c.custom_id ?? '';
    const required = c.required !== false;
    return (
      <div key={key} class="modal-field" data-field={id}>
        {label ? <label for={`modal-${id}`} class="modal-label">{label}{required ? <span class="required" aria-hidden="true"> *</span> : null}</label> : null}
        {description ? <div class="modal-description">{description}</div> : null}
        {input(c, label)}
        {problems[id] ? <div class="field-error">{problems[id]}</div> : null}
      </div>
    );
  };

  const submit = async (): Promise<void> => {
    const found = checkModalValues(modal, values);
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    setError(null);
    try {
      const result = await api.submitModal({ as: page.viewerId, fromId, fields: await encodeFiles(values), locale: page.locale });
      onClose();
      page.answered(result);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="overlay" role="dialog" aria-modal="true" aria-labelledby="modal-title">
      <form
        class="modal"
        data-modal-id={modal.custom_id}
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <div class="modal-head">
          <span class="modal-app">{page.person(page.world.botId)?.name ?? 'App'}</span>
          <h2 id="modal-title">{modal.title}</h2>
        </div>
        <div class="modal-body">
          {modal.components.map((c, i) => {
            if (c.type === ComponentType.LABEL && c.component) return field(c.label, c.description, c.component, i);
            if (c.type === ComponentType.TEXT_DISPLAY) return <div key={i} class="text-display"><Markdown text={c.content ?? ''} /></div>;
            if (c.type === ComponentType.ACTION_ROW) return <div key={i}>{(c.components ?? []).map((inner, j) => field(inner.label, undefined, inner, j))}</div>;
            return <div key={i} class="unknown-component">(a component of type {c.type} the sandbox cannot show)</div>;
          })}
          {error ? <div class="modal-error" role="alert">{error}</div> : null}
        </div>
        <div class="modal-foot">
          <button type="button" class="button link-style" onClick={onClose}>Cancel</button>
          <button type="submit" class="button primary" disabled={busy}>Submit</button>
        </div>
      </form>
    </div>
  );
}
