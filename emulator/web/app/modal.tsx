// A modal exactly as the bot sent it: Labels holding a text input or a select, Text
// Displays, and the older action rows of text inputs. Required fields and lengths are
// enforced as the client does before anything is sent; the emulator checks again.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { api, type Component, type Modal } from './api.ts';
import { ComponentType, SELECT_TYPES, SelectMenu, selectBounds, selectDefaults } from './components.tsx';
import { usePage } from './context.ts';
import { Markdown } from './markdown.tsx';

type Values = Record<string, string | string[]>;

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
    values[input.custom_id] = input.type === ComponentType.TEXT_INPUT ? input.value ?? '' : selectDefaults(input);
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
      const picked = Array.isArray(value) ? value : [];
      const { min, max } = selectBounds(input, input.required !== false);
      if (picked.length < min) problems[id] = min === 1 ? 'This field is required.' : `Pick at least ${min}.`;
      else if (picked.length > max) problems[id] = `Pick at most ${max}.`;
    }
  }
  return problems;
}

export function ModalView({ fromId, modal, onClose }: { fromId: string; modal: Modal; onClose: () => void }) {
  const page = usePage();
  const [values, setValues] = useState<Values>(() => initialValues(modal));
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const set = (id: string, value: string | string[]): void => {
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
      const v = values[id];
      return <SelectMenu component={c} value={Array.isArray(v) ? v : []} onChange={(next) => set(id, next)} required={c.required !== false} invalid={problem !== undefined} />;
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
      const result = await api.submitModal({ as: page.viewerId, fromId, fields: values, locale: page.locale });
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
