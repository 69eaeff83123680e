/**
 * Modals: the MODAL callback data ("Receiving and Responding — Modal";
 * "Component Reference" — Label, Text Input, String/User/Role/Mentionable/
 * Channel Select, Text Display, File Upload, Radio Group, Checkbox Group,
 * Checkbox; "Anatomy of a Component" for `id`), and the modal submit a person
 * sends back ("Modal Submit Data Structure" and each component's
 * "Interaction Response Structure"), with what the client enforces before it
 * lets someone submit.
 */

import {
  checkActionRow,
  checkCheckbox,
  checkCheckboxGroup,
  checkFileUpload,
  checkRadioGroup,
  checkSelect,
  checkString,
  checkTextInput,
  chars,
  ComponentType,
  CustomIds,
  isObject,
  type Path,
  SELECT_TYPES,
} from './message-body.ts';
import type { FormErrors } from './rest/errors.ts';

/** "Label Child Components". */
export const LABEL_CHILD_TYPES = new Set<number>([
  ComponentType.TEXT_INPUT, ComponentType.STRING_SELECT, ComponentType.USER_SELECT, ComponentType.ROLE_SELECT,
  ComponentType.MENTIONABLE_SELECT, ComponentType.CHANNEL_SELECT, ComponentType.FILE_UPLOAD, ComponentType.RADIO_GROUP,
  ComponentType.CHECKBOX_GROUP, ComponentType.CHECKBOX,
]);

const MAX_COMPONENT_ID = 2 ** 31 - 1;

/** The components of a modal in document order: each top-level component, then its child. */
function modalNodes(components: unknown[]): Array<{ node: Record<string, unknown>; path: Path }> {
  const out: Array<{ node: Record<string, unknown>; path: Path }> = [];
  components.forEach((c, i) => {
    if (!isObject(c)) return;
    const path: Path = ['data', 'components', i];
    out.push({ node: c, path });
    if (isObject(c.component)) out.push({ node: c.component, path: [...path, 'component'] });
    if (Array.isArray(c.components)) {
      c.components.forEach((child, j) => {
        if (isObject(child)) out.push({ node: child, path: [...path, 'components', j] });
      });
    }
  });
  return out;
}

/**
 * "Anatomy of a Component": `id` is a 32-bit integer, unique within the
 * message (here: the modal), "generated sequentially if left empty", never
 * reusing an id given elsewhere; 0 counts as empty.
 */
function assignIds(errors: FormErrors, nodes: Array<{ node: Record<string, unknown>; path: Path }>): void {
  const taken = new Set<number>();
  for (const { node, path } of nodes) {
    const id = node.id;
    if (id === undefined || id === null || id === 0) continue;
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id > MAX_COMPONENT_ID) {
      errors.add([...path, 'id'], 'NUMBER_TYPE_MAX', `Must be an integer from 0 to ${MAX_COMPONENT_ID}.`);
      continue;
    }
    if (taken.has(id)) errors.add([...path, 'id'], 'COMPONENT_ID_DUPLICATED', 'Component ids must be unique.');
    taken.add(id);
  }
  let next = 1;
  for (const { node } of nodes) {
    if (node.id !== undefined && node.id !== null && node.id !== 0) continue;
    while (taken.has(next)) next += 1;
    node.id = next;
    taken.add(next);
  }
}

/**
 * Validates the MODAL callback data: `custom_id` 1–100, `title` 1–45, 1–5
 * top-level components, each a Label (`label` 1–45, `description` up to 100,
 * one child of "Label Child Components"), a Text Display (`content`), or a
 * deprecated action row holding one text input. Custom ids unique. Answers
 * the modal as Discord keeps it (component ids filled in) for the submit.
 */
export function checkModal(errors: FormErrors, raw: unknown): Record<string, unknown> | undefined {
  if (!isObject(raw)) {
    errors.add(['data'], 'BASE_TYPE_REQUIRED', 'This field is required');
    return undefined;
  }
  checkString(errors, ['data', 'custom_id'], raw.custom_id, { required: true, min: 1, max: 100 });
  checkString(errors, ['data', 'title'], raw.title, { required: true, min: 1, max: 45 });
  const modal = structuredClone(raw);
  const comps = modal.components;
  if (!Array.isArray(comps) || comps.length < 1 || comps.length > 5) {
    errors.add(['data', 'components'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 5 in length.');
    return modal;
  }
  const ids = new CustomIds(errors);
  comps.forEach((c, i) => {
    const path: Path = ['data', 'components', i];
    if (!isObject(c)) {
      errors.add(path, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType.');
      return;
    }
    if (c.type === ComponentType.ACTION_ROW) {
      checkActionRow(errors, path, c, ids, 'modal');
    } else if (c.type === ComponentType.LABEL) {
      checkString(errors, [...path, 'label'], c.label, { required: true, min: 1, max: 45 });
      checkString(errors, [...path, 'description'], c.description, { required: false, max: 100 });
      const inner = c.component;
      const ip: Path = [...path, 'component'];
      if (!isObject(inner)) errors.add(ip, 'BASE_TYPE_REQUIRED', 'This field is required');
      else if (inner.type === ComponentType.TEXT_INPUT) checkTextInput(errors, ip, inner, ids, true);
      else if (typeof inner.type === 'number' && SELECT_TYPES.has(inner.type)) checkSelect(errors, ip, inner, ids, 'modal');
      else if (inner.type === ComponentType.FILE_UPLOAD) checkFileUpload(errors, ip, inner, ids);
      else if (inner.type === ComponentType.RADIO_GROUP) checkRadioGroup(errors, ip, inner, ids);
      else if (inner.type === ComponentType.CHECKBOX_GROUP) checkCheckboxGroup(errors, ip, inner, ids);
      else if (inner.type === ComponentType.CHECKBOX) checkCheckbox(errors, ip, inner, ids);
      else errors.add([...ip, 'type'], 'UNION_TYPE_CHOICES', `Value of field "type" must be one of (${[...LABEL_CHILD_TYPES].join(', ')}).`);
    } else if (c.type === ComponentType.TEXT_DISPLAY) {
      checkString(errors, [...path, 'content'], c.content, { required: true, min: 1, max: 4000 });
    } else {
      errors.add([...path, 'type'], 'UNION_TYPE_CHOICES', 'Value of field "type" must be one of (1, 10, 18).');
    }
  });
  assignIds(errors, modalNodes(comps));
  return modal;
}

// ------------------------------------------------------------------ submitting

/** A file a person uploads through a File Upload component. */
export interface ModalFile {
  name: string;
  contentType?: string;
  data: Buffer | Uint8Array | string;
}

/** What a person puts in a modal input, by custom_id. */
export type ModalFieldValue = string | string[] | boolean | null | ModalFile[];

/** What the submit needs from the world: select values checked and resolved, files stored. */
export interface ModalSubmitWorld {
  /** Checks picked values of a select (among its options, or resolvable ids the user can see) and adds them to `resolved`. */
  pickSelectValues(component: Record<string, unknown>, values: string[]): void;
  /** Stores an uploaded file and adds it to `resolved.attachments`; answers the attachment id. */
  upload(file: ModalFile): string;
  /** The most a person may upload in one file. */
  uploadLimit: number;
}

const FILE_GROUP_EXTENSIONS: Record<string, string[]> = {
  image: ['.png', '.gif', '.jpg', '.jpeg', '.jfif', '.webp', '.avif'],
  video: ['.mp4', '.mov', '.qt', '.webm'],
  audio: ['.mp3', '.m4a', '.wav', '.ogg', '.opus', '.flac'],
};

function fail(customId: string, why: string): never {
  throw new Error(`input "${customId}" ${why}`);
}

/** How many values the person must pick: none when not required, else min..max. */
function checkCount(customId: string, count: number, required: boolean, min: number, max: number): void {
  if (count === 0 && !required) return;
  if (count < Math.max(min, required ? 1 : 0)) fail(customId, `needs at least ${Math.max(min, 1)} value(s), got ${count}`);
  if (count > max) fail(customId, `takes at most ${max} value(s), got ${count}`);
}

function optionValues(c: Record<string, unknown>): Array<{ value: string; default: boolean }> {
  return ((c.options as unknown[] | undefined) ?? []).filter(isObject).map((o) => ({ value: String(o.value), default: o.default === true }));
}

/** One answered Label child (or action-row text input) in its "Interaction Response Structure". */
function submitted(c: Record<string, unknown>, fields: Record<string, ModalFieldValue>, used: Set<string>, world: ModalSubmitWorld): Record<string, unknown> {
  const customId = String(c.custom_id);
  used.add(customId);
  const given = fields[customId];
  const required = c.required !== false;
  const base = { type: c.type, id: c.id, custom_id: customId };
  const strings = (): string[] | undefined => {
    if (given === undefined) return undefined;
    if (given === null) return [];
    if (typeof given === 'string') return [given];
    if (Array.isArray(given) && given.every((v) => typeof v === 'string')) return given as string[];
    return fail(customId, 'takes a string or a list of strings');
  };
  switch (c.type) {
    case ComponentType.TEXT_INPUT: {
      if (given !== undefined && typeof given !== 'string') fail(customId, 'takes a string');
      const value = given ?? (typeof c.value === 'string' ? c.value : '');
      const length = chars(value);
      if (required && length === 0) fail(customId, 'is required');
      if (length > 0 && typeof c.min_length === 'number' && length < c.min_length) fail(customId, `is shorter than ${c.min_length}`);
      const max = typeof c.max_length === 'number' ? c.max_length : 4000;
      if (length > max) fail(customId, `is longer than ${max}`);
      return { ...base, value };
    }
    case ComponentType.STRING_SELECT:
    case ComponentType.USER_SELECT:
    case ComponentType.ROLE_SELECT:
    case ComponentType.MENTIONABLE_SELECT:
    case ComponentType.CHANNEL_SELECT: {
      const defaults = c.type === ComponentType.STRING_SELECT
        ? optionValues(c).filter((o) => o.default).map((o) => o.value)
        : ((c.default_values as unknown[] | undefined) ?? []).filter(isObject).map((d) => String(d.id));
      const values = strings() ?? defaults;
      if (new Set(values).size !== values.length) fail(customId, 'cannot pick the same value twice');
      checkCount(customId, values.length, required, typeof c.min_values === 'number' ? c.min_values : 1, typeof c.max_values === 'number' ? c.max_values : 1);
      world.pickSelectValues(c, values);
      return { ...base, values };
    }
    case ComponentType.FILE_UPLOAD: {
      if (given !== undefined && given !== null && !(Array.isArray(given) && given.every((f) => isObject(f)))) fail(customId, 'takes a list of files');
      const files = (given ?? []) as ModalFile[];
      checkCount(customId, files.length, required, typeof c.min_values === 'number' ? c.min_values : 1, typeof c.max_values === 'number' ? c.max_values : 1);
      const types = Array.isArray(c.file_types) ? (c.file_types as string[]) : null;
      for (const f of files) {
        const ext = /\.[^.]+$/.exec(f.name)?.[0].toLowerCase() ?? '';
        if (types && !types.some((t) => (FILE_GROUP_EXTENSIONS[t] ?? [t.toLowerCase()]).includes(ext))) fail(customId, `does not accept ${f.name} (file_types ${types.join(', ')})`);
        const size = typeof f.data === 'string' ? Buffer.byteLength(f.data) : f.data.length;
        if (size > world.uploadLimit) fail(customId, `does not accept ${f.name}: over the upload limit of ${world.uploadLimit} bytes`);
      }
      return { ...base, values: files.map((f) => world.upload(f)) };
    }
    case ComponentType.RADIO_GROUP: {
      const options = optionValues(c);
      if (given !== undefined && given !== null && typeof given !== 'string') fail(customId, 'takes one value or null');
      const value = given === undefined ? options.find((o) => o.default)?.value ?? null : given;
      if (value === null && required) fail(customId, 'is required');
      if (value !== null && !options.some((o) => o.value === value)) fail(customId, `has no option "${value}"`);
      return { ...base, value };
    }
    case ComponentType.CHECKBOX_GROUP: {
      const options = optionValues(c);
      const values = strings() ?? options.filter((o) => o.default).map((o) => o.value);
      if (new Set(values).size !== values.length) fail(customId, 'cannot pick the same value twice');
      for (const v of values) if (!options.some((o) => o.value === v)) fail(customId, `has no option "${v}"`);
      checkCount(customId, values.length, required, typeof c.min_values === 'number' ? c.min_values : 1, typeof c.max_values === 'number' ? c.max_values : options.length);
      return { ...base, values };
    }
    case ComponentType.CHECKBOX: {
      if (given !== undefined && typeof given !== 'boolean') fail(customId, 'takes true or false');
      return { ...base, value: given ?? c.default === true };
    }
    default:
      return fail(customId, `has a type (${String(c.type)}) the emulator cannot submit`);
  }
}

/**
 * The `components` of a modal submit, one entry per top-level component:
 * a Label as `{ type: 18, id, component: <child response> }`, a Text Display
 * as `{ type: 10, id }`, a deprecated action row as `{ type: 1, id,
 * components: [{ type: 4, id, custom_id, value }] }`. Throws when the client
 * would not let the person submit (required, lengths, counts, options).
 */
export function buildModalSubmit(modal: Record<string, unknown>, fields: Record<string, ModalFieldValue>, world: ModalSubmitWorld): Array<Record<string, unknown>> {
  const used = new Set<string>();
  const components = (modal.components as Array<Record<string, unknown>>).map((c) => {
    if (c.type === ComponentType.ACTION_ROW) {
      const input = (c.components as Array<Record<string, unknown>>)[0] as Record<string, unknown>;
      return { type: ComponentType.ACTION_ROW, id: c.id, components: [submitted(input, fields, used, world)] };
    }
    if (c.type === ComponentType.LABEL) {
      return { type: ComponentType.LABEL, id: c.id, component: submitted(c.component as Record<string, unknown>, fields, used, world) };
    }
    return { type: c.type, id: c.id };
  });
  for (const key of Object.keys(fields)) {
    if (!used.has(key)) throw new Error(`the modal has no input "${key}"`);
  }
  return components;
}
