/**
 * Validation of message bodies shared by Create/Edit Message, interaction
 * responses and webhook messages. Limits follow the Discord documentation:
 * "Messages Resource" (Create Message params, Embed Limits, Allowed Mentions
 * Object), "Component Reference" (action rows, buttons, selects, text inputs,
 * custom_id) and "Receiving and Responding" (the modal callback data).
 * Failures are collected as form errors (400, code 50035).
 */

import type { FormErrors } from './rest/errors.ts';

export function chars(s: string): number {
  return [...s].length;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const EMBED_LIMITS: Array<[path: string[], max: number]> = [
  [['title'], 256],
  [['description'], 4096],
  [['footer', 'text'], 2048],
  [['author', 'name'], 256],
];

/** "Embed Limits": per-field maxima and 6000 characters across all embeds of a message. */
export function checkEmbeds(errors: FormErrors, raw: unknown): unknown[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    errors.add(['embeds'], 'BASE_TYPE_ARRAY', 'Must be an array.');
    return [];
  }
  if (raw.length > 10) errors.add(['embeds'], 'BASE_TYPE_MAX_LENGTH', 'Must be 10 or fewer in length.');
  let total = 0;
  const out: unknown[] = [];
  raw.forEach((embed, i) => {
    if (!isObject(embed)) {
      errors.add(['embeds', i], 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType.');
      return;
    }
    for (const [path, max] of EMBED_LIMITS) {
      let v: unknown = embed;
      for (const k of path) v = isObject(v) ? v[k] : undefined;
      if (v === undefined || v === null) continue;
      if (typeof v !== 'string') {
        errors.add(['embeds', i, ...path], 'BASE_TYPE_STRING', 'Must be a string.');
        continue;
      }
      total += chars(v);
      if (chars(v) > max) errors.add(['embeds', i, ...path], 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
    }
    const fields = embed.fields;
    if (fields !== undefined && fields !== null) {
      if (!Array.isArray(fields)) {
        errors.add(['embeds', i, 'fields'], 'BASE_TYPE_ARRAY', 'Must be an array.');
      } else {
        if (fields.length > 25) errors.add(['embeds', i, 'fields'], 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
        fields.forEach((f, j) => {
          const base = ['embeds', i, 'fields', j];
          if (!isObject(f)) {
            errors.add(base, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType.');
            return;
          }
          for (const [key, max] of [['name', 256], ['value', 1024]] as const) {
            const v = f[key];
            if (typeof v !== 'string' || v.length === 0) {
              errors.add([...base, key], 'BASE_TYPE_REQUIRED', 'This field is required');
              continue;
            }
            total += chars(v);
            if (chars(v) > max) errors.add([...base, key], 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
          }
        });
      }
    }
    const { provider: _p, video: _v, ...rest } = embed;
    out.push({ ...rest, type: 'rich' });
  });
  if (total > 6000) errors.add(['embeds'], 'MAX_EMBED_SIZE_EXCEEDED', 'Embed size exceeds maximum size of 6000');
  return out;
}

export interface AllowedMentions {
  parse: Set<string> | null;
  users: string[] | null;
  roles: string[] | null;
  repliedUser: boolean;
}

export const PARSE_ALL: () => AllowedMentions = () => ({ parse: new Set(['users', 'roles', 'everyone']), users: null, roles: null, repliedUser: false });

/** "Allowed Mentions Object": absent means parse everything; `parse` and explicit lists of the same kind exclude each other. */
export function checkAllowedMentions(errors: FormErrors, raw: unknown): AllowedMentions {
  if (raw === undefined || raw === null) return PARSE_ALL();
  if (!isObject(raw)) {
    errors.add(['allowed_mentions'], 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType.');
    return { parse: new Set(), users: null, roles: null, repliedUser: false };
  }
  const result: AllowedMentions = { parse: new Set(), users: null, roles: null, repliedUser: raw.replied_user === true };
  if (raw.parse !== undefined && raw.parse !== null) {
    if (!Array.isArray(raw.parse)) {
      errors.add(['allowed_mentions', 'parse'], 'BASE_TYPE_ARRAY', 'Must be an array.');
    } else {
      raw.parse.forEach((v, i) => {
        if (v !== 'users' && v !== 'roles' && v !== 'everyone') {
          errors.add(['allowed_mentions', 'parse', i], 'BASE_TYPE_CHOICES', "Value must be one of ('roles', 'users', 'everyone').");
        } else {
          result.parse?.add(v);
        }
      });
    }
  }
  for (const key of ['users', 'roles'] as const) {
    const list = raw[key];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) {
      errors.add(['allowed_mentions', key], 'BASE_TYPE_ARRAY', 'Must be an array.');
      continue;
    }
    if (list.length > 100) errors.add(['allowed_mentions', key], 'BASE_TYPE_MAX_LENGTH', 'Must be 100 or fewer in length.');
    if (list.length > 0 && result.parse?.has(key)) {
      errors.add(['allowed_mentions'], 'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE', `parse:["${key}"] and ${key}: [ids] are mutually exclusive.`);
    }
    result[key] = list.map(String);
  }
  return result;
}

// ------------------------------------------------------------------ components

export const ComponentType = {
  ACTION_ROW: 1,
  BUTTON: 2,
  STRING_SELECT: 3,
  TEXT_INPUT: 4,
  USER_SELECT: 5,
  ROLE_SELECT: 6,
  MENTIONABLE_SELECT: 7,
  CHANNEL_SELECT: 8,
  SECTION: 9,
  TEXT_DISPLAY: 10,
  THUMBNAIL: 11,
  MEDIA_GALLERY: 12,
  FILE: 13,
  SEPARATOR: 14,
  CONTAINER: 17,
  LABEL: 18,
  FILE_UPLOAD: 19,
  RADIO_GROUP: 21,
  CHECKBOX_GROUP: 22,
  CHECKBOX: 23,
} as const;

export const SELECT_TYPES = new Set<number>([3, 5, 6, 7, 8]);

/** "Channel Object — Channel Types". */
const CHANNEL_TYPES = new Set<number>([0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15, 16]);

export type Path = Array<string | number>;

export function checkString(errors: FormErrors, path: Path, v: unknown, opts: { required: boolean; min?: number; max: number }): string | undefined {
  if (v === undefined || v === null) {
    if (opts.required) errors.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
    return undefined;
  }
  if (typeof v !== 'string') {
    errors.add(path, 'BASE_TYPE_STRING', 'Must be a string.');
    return undefined;
  }
  const n = chars(v);
  const min = opts.min ?? 0;
  if (n < min || n > opts.max) {
    errors.add(path, 'BASE_TYPE_BAD_LENGTH', `Must be between ${min} and ${opts.max} in length.`);
  }
  return v;
}

export function checkInt(errors: FormErrors, path: Path, v: unknown, min: number, max: number): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v)) {
    errors.add(path, 'NUMBER_TYPE_COERCE', `Value "${String(v)}" is not int.`);
    return undefined;
  }
  if (v < min) errors.add(path, 'NUMBER_TYPE_MIN', `Must be greater than or equal to ${min}.`);
  if (v > max) errors.add(path, 'NUMBER_TYPE_MAX', `Must be less than or equal to ${max}.`);
  return v;
}

export function checkBoolean(errors: FormErrors, path: Path, v: unknown): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') {
    errors.add(path, 'BASE_TYPE_BOOLEAN', 'Must be either true or false.');
    return undefined;
  }
  return v;
}

/** "Anatomy of a Component — Custom ID": unique per message or modal. */
export class CustomIds {
  #seen = new Set<string>();
  readonly #errors: FormErrors;
  constructor(errors: FormErrors) {
    this.#errors = errors;
  }
  add(path: Path, id: string | undefined): void {
    if (id === undefined) return;
    if (this.#seen.has(id)) this.#errors.add(path, 'COMPONENT_CUSTOM_ID_DUPLICATED', 'Component custom id cannot be duplicated');
    this.#seen.add(id);
  }
}

const SNOWFLAKE = /^\d{1,20}$/;
/** One emoji grapheme: a pictograph (with modifiers, joiners, tags), a flag, or a keycap. */
const UNICODE_EMOJI = /^(?:\p{Regional_Indicator}{2}|[#*0-9]\uFE0F?\u20E3|\p{Extended_Pictographic}[\uFE0F\p{Emoji_Modifier}\u{E0020}-\u{E007F}]*(?:\u200D\p{Extended_Pictographic}[\uFE0F\p{Emoji_Modifier}]*)*)$/u;

/**
 * A partial emoji on a button or select option ("`id`, `name`, and `animated`"):
 * a custom emoji by `id` (a snowflake; `name` optional), or a Unicode emoji as
 * `name` without an id.
 */
export function checkEmoji(errors: FormErrors, path: Path, v: unknown): void {
  if (v === undefined || v === null) return;
  if (!isObject(v)) {
    errors.add(path, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType.');
    return;
  }
  const id = v.id;
  if (id !== undefined && id !== null && (typeof id !== 'string' || !SNOWFLAKE.test(id))) {
    errors.add([...path, 'id'], 'NUMBER_TYPE_COERCE', `Value "${String(id)}" is not snowflake.`);
    return;
  }
  if (v.name !== undefined && v.name !== null && typeof v.name !== 'string') errors.add([...path, 'name'], 'BASE_TYPE_STRING', 'Must be a string.');
  checkBoolean(errors, [...path, 'animated'], v.animated);
  const hasId = typeof id === 'string';
  if (!hasId) {
    if (typeof v.name !== 'string' || !UNICODE_EMOJI.test(v.name)) {
      errors.add(path, 'COMPONENT_INVALID_EMOJI', 'Invalid emoji');
    }
  }
}

function checkButton(errors: FormErrors, path: Path, b: Record<string, unknown>, ids: CustomIds): void {
  const style = b.style;
  if (typeof style !== 'number' || !Number.isInteger(style) || style < 1 || style > 6) {
    errors.add([...path, 'style'], 'BASE_TYPE_CHOICES', 'Value must be one of (1, 2, 3, 4, 5, 6).');
    return;
  }
  checkString(errors, [...path, 'label'], b.label, { required: false, max: 80 });
  checkEmoji(errors, [...path, 'emoji'], b.emoji);
  checkBoolean(errors, [...path, 'disabled'], b.disabled);
  if (style === 5) {
    checkString(errors, [...path, 'url'], b.url, { required: true, min: 1, max: 512 });
    if (b.custom_id !== undefined && b.custom_id !== null) errors.add([...path, 'custom_id'], 'BUTTON_COMPONENT_URL_AND_CUSTOM_ID_PRESENT', 'A link button cannot have a custom id.');
    if (b.sku_id !== undefined && b.sku_id !== null) errors.add([...path, 'sku_id'], 'COMPONENT_FIELD_NOT_ALLOWED', 'Only premium buttons can have a sku_id.');
  } else if (style === 6) {
    // "Premium buttons must contain a sku_id, and cannot have a custom_id, label, url, or emoji."
    if (typeof b.sku_id !== 'string' || !SNOWFLAKE.test(b.sku_id)) errors.add([...path, 'sku_id'], 'BASE_TYPE_REQUIRED', 'This field is required');
    for (const key of ['custom_id', 'label', 'url', 'emoji'] as const) {
      if (b[key] !== undefined && b[key] !== null) errors.add([...path, key], 'COMPONENT_FIELD_NOT_ALLOWED', 'Premium buttons cannot have this field.');
    }
  } else {
    const id = checkString(errors, [...path, 'custom_id'], b.custom_id, { required: true, min: 1, max: 100 });
    ids.add([...path, 'custom_id'], id);
    if (b.url !== undefined && b.url !== null) errors.add([...path, 'url'], 'BUTTON_COMPONENT_URL_AND_CUSTOM_ID_PRESENT', 'Only link buttons can have a url.');
    if (b.sku_id !== undefined && b.sku_id !== null) errors.add([...path, 'sku_id'], 'COMPONENT_FIELD_NOT_ALLOWED', 'Only premium buttons can have a sku_id.');
  }
  if ((b.label === undefined || b.label === null || b.label === '') && (b.emoji === undefined || b.emoji === null) && style !== 6) {
    errors.add([...path, 'label'], 'BUTTON_COMPONENT_LABEL_OR_EMOJI_REQUIRED', 'A button needs a label or an emoji.');
  }
}

/** Where a component sits: some fields are only valid (or only enforced) in modals. */
export type Surface = 'message' | 'modal';

/** "Using `disabled` in a modal will result in an error." */
function checkNotDisabledInModal(errors: FormErrors, path: Path, c: Record<string, unknown>, where: Surface): void {
  if (where === 'modal' && c.disabled !== undefined && c.disabled !== null) {
    errors.add([...path, 'disabled'], 'COMPONENT_DISABLED_IN_MODAL', 'Modals cannot have disabled components.');
  }
}

/** `min_values` "must be either omitted or at least 1 if `required` is omitted or true" (modal inputs). */
function checkRequiredMin(errors: FormErrors, path: Path, c: Record<string, unknown>, min: number | undefined): boolean {
  const required = checkBoolean(errors, [...path, 'required'], c.required) ?? true;
  if (required && min === 0) errors.add([...path, 'min_values'], 'COMPONENT_MIN_VALUES_REQUIRED', 'min_values must be at least 1 when the component is required.');
  return required;
}

/** Options of string selects, radio groups and checkbox groups: label and value 1–100, description up to 100, unique values. */
function checkOptions(errors: FormErrors, path: Path, options: unknown, count: { min: number; max: number }, withEmoji: boolean): number {
  if (!Array.isArray(options) || options.length < count.min || options.length > count.max) {
    errors.add([...path, 'options'], 'BASE_TYPE_BAD_LENGTH', `Must be between ${count.min} and ${count.max} in length.`);
    return Array.isArray(options) ? options.length : 0;
  }
  const values = new Set<string>();
  options.forEach((o, i) => {
    const op = [...path, 'options', i];
    if (!isObject(o)) {
      errors.add(op, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType.');
      return;
    }
    checkString(errors, [...op, 'label'], o.label, { required: true, min: 1, max: 100 });
    const v = checkString(errors, [...op, 'value'], o.value, { required: true, min: 1, max: 100 });
    checkString(errors, [...op, 'description'], o.description, { required: false, max: 100 });
    checkBoolean(errors, [...op, 'default'], o.default);
    if (withEmoji) checkEmoji(errors, [...op, 'emoji'], o.emoji);
    else if (o.emoji !== undefined) errors.add([...op, 'emoji'], 'COMPONENT_FIELD_NOT_ALLOWED', 'This option cannot have an emoji.');
    if (v !== undefined) {
      if (values.has(v)) errors.add([...op, 'value'], 'SELECT_COMPONENT_OPTION_VALUE_DUPLICATED', 'Option values must be unique.');
      values.add(v);
    }
  });
  return options.length;
}

/** Which `default_values[].type` an auto-populated select accepts. */
const DEFAULT_VALUE_TYPES: Record<number, string[]> = { 5: ['user'], 6: ['role'], 7: ['user', 'role'], 8: ['channel'] };

export function checkSelect(errors: FormErrors, path: Path, s: Record<string, unknown>, ids: CustomIds, where: Surface): void {
  const id = checkString(errors, [...path, 'custom_id'], s.custom_id, { required: true, min: 1, max: 100 });
  ids.add([...path, 'custom_id'], id);
  checkString(errors, [...path, 'placeholder'], s.placeholder, { required: false, max: 150 });
  const givenMin = checkInt(errors, [...path, 'min_values'], s.min_values, 0, 25);
  const min = givenMin ?? 1;
  const max = checkInt(errors, [...path, 'max_values'], s.max_values, 1, 25) ?? 1;
  if (min > max) errors.add([...path, 'min_values'], 'SELECT_COMPONENT_MIN_VALUES_GREATER_THAN_MAX', 'min_values must be less than or equal to max_values.');
  if (where === 'modal') {
    checkRequiredMin(errors, path, s, givenMin);
    checkNotDisabledInModal(errors, path, s, where);
  } else {
    // "The `required` field is only available for … Selects in modals. It is ignored in messages."
    checkBoolean(errors, [...path, 'disabled'], s.disabled);
  }
  if (s.type === ComponentType.STRING_SELECT) {
    const n = checkOptions(errors, path, s.options, { min: 1, max: 25 }, true);
    if (n > 0 && max > n) errors.add([...path, 'max_values'], 'SELECT_COMPONENT_MAX_VALUES_EXCEEDED', 'max_values cannot exceed the number of options.');
    return;
  }
  if (s.options !== undefined && s.options !== null) errors.add([...path, 'options'], 'COMPONENT_FIELD_NOT_ALLOWED', 'Only string selects have options.');
  if (s.type === ComponentType.CHANNEL_SELECT && s.channel_types !== undefined && s.channel_types !== null) {
    if (!Array.isArray(s.channel_types) || s.channel_types.some((t) => !CHANNEL_TYPES.has(t as number))) {
      errors.add([...path, 'channel_types'], 'BASE_TYPE_CHOICES', `Values must be channel types (${[...CHANNEL_TYPES].join(', ')}).`);
    }
  }
  if (s.default_values !== undefined && s.default_values !== null) {
    if (!Array.isArray(s.default_values)) {
      errors.add([...path, 'default_values'], 'BASE_TYPE_ARRAY', 'Must be an array.');
      return;
    }
    if (s.default_values.length < min || s.default_values.length > max) {
      errors.add([...path, 'default_values'], 'BASE_TYPE_BAD_LENGTH', `Must be between ${min} and ${max} in length.`);
    }
    const allowed = DEFAULT_VALUE_TYPES[s.type as number] ?? [];
    s.default_values.forEach((d, i) => {
      const dp = [...path, 'default_values', i];
      if (!isObject(d)) {
        errors.add(dp, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType.');
        return;
      }
      if (typeof d.id !== 'string' || !SNOWFLAKE.test(d.id)) errors.add([...dp, 'id'], 'NUMBER_TYPE_COERCE', `Value "${String(d.id)}" is not snowflake.`);
      if (typeof d.type !== 'string' || !allowed.includes(d.type)) errors.add([...dp, 'type'], 'BASE_TYPE_CHOICES', `Value must be one of (${allowed.join(', ')}).`);
    });
  }
}

/**
 * "Text Input": custom_id, style 1/2, min_length 0–4000, max_length 1–4000,
 * required, value up to 4000 (and within max_length), placeholder up to 100.
 * Inside a Label it has no `label` of its own; in a (deprecated) action row
 * its `label` (1–45) is required.
 */
export function checkTextInput(errors: FormErrors, path: Path, t: Record<string, unknown>, ids: CustomIds, inLabel: boolean): void {
  const id = checkString(errors, [...path, 'custom_id'], t.custom_id, { required: true, min: 1, max: 100 });
  ids.add([...path, 'custom_id'], id);
  if (t.style !== 1 && t.style !== 2) errors.add([...path, 'style'], 'BASE_TYPE_CHOICES', 'Value must be one of (1, 2).');
  if (inLabel) {
    if (t.label !== undefined && t.label !== null) errors.add([...path, 'label'], 'TEXT_INPUT_LABEL_IN_LABEL', 'A text input inside a Label takes its label from the Label.');
  } else {
    checkString(errors, [...path, 'label'], t.label, { required: true, min: 1, max: 45 });
  }
  const min = checkInt(errors, [...path, 'min_length'], t.min_length, 0, 4000);
  const max = checkInt(errors, [...path, 'max_length'], t.max_length, 1, 4000);
  if (min !== undefined && max !== undefined && min > max) {
    errors.add([...path, 'min_length'], 'TEXT_INPUT_MIN_LENGTH_GREATER_THAN_MAX', 'min_length must be less than or equal to max_length.');
  }
  checkBoolean(errors, [...path, 'required'], t.required);
  const value = checkString(errors, [...path, 'value'], t.value, { required: false, max: 4000 });
  if (value !== undefined && max !== undefined && chars(value) > max) {
    errors.add([...path, 'value'], 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
  }
  checkString(errors, [...path, 'placeholder'], t.placeholder, { required: false, max: 100 });
  checkNotDisabledInModal(errors, path, t, 'modal');
}

const FILE_GROUPS = new Set(['image', 'video', 'audio']);

/** "File Upload": custom_id, min_values 0–10, max_values 1–10, required, up to 10 `file_types`. */
export function checkFileUpload(errors: FormErrors, path: Path, f: Record<string, unknown>, ids: CustomIds): void {
  const id = checkString(errors, [...path, 'custom_id'], f.custom_id, { required: true, min: 1, max: 100 });
  ids.add([...path, 'custom_id'], id);
  const givenMin = checkInt(errors, [...path, 'min_values'], f.min_values, 0, 10);
  const max = checkInt(errors, [...path, 'max_values'], f.max_values, 1, 10) ?? 1;
  if ((givenMin ?? 1) > max) errors.add([...path, 'min_values'], 'SELECT_COMPONENT_MIN_VALUES_GREATER_THAN_MAX', 'min_values must be less than or equal to max_values.');
  checkRequiredMin(errors, path, f, givenMin);
  if (f.file_types !== undefined && f.file_types !== null) {
    if (!Array.isArray(f.file_types) || f.file_types.length > 10) {
      errors.add([...path, 'file_types'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 0 and 10 in length.');
    } else {
      f.file_types.forEach((t, i) => {
        if (typeof t !== 'string' || !(FILE_GROUPS.has(t) || /^\.[A-Za-z0-9]+$/.test(t))) {
          errors.add([...path, 'file_types', i], 'FILE_TYPE_INVALID', 'Must be image, video, audio or a dot-prefixed extension.');
        }
      });
    }
  }
  checkNotDisabledInModal(errors, path, f, 'modal');
}

/** "Radio Group": custom_id, 2–10 options, required. */
export function checkRadioGroup(errors: FormErrors, path: Path, r: Record<string, unknown>, ids: CustomIds): void {
  const id = checkString(errors, [...path, 'custom_id'], r.custom_id, { required: true, min: 1, max: 100 });
  ids.add([...path, 'custom_id'], id);
  checkOptions(errors, path, r.options, { min: 2, max: 10 }, false);
  checkBoolean(errors, [...path, 'required'], r.required);
  checkNotDisabledInModal(errors, path, r, 'modal');
}

/** "Checkbox Group": custom_id, 1–10 options, min_values 0–10, max_values 1–10 (default: the number of options), required. */
export function checkCheckboxGroup(errors: FormErrors, path: Path, g: Record<string, unknown>, ids: CustomIds): void {
  const id = checkString(errors, [...path, 'custom_id'], g.custom_id, { required: true, min: 1, max: 100 });
  ids.add([...path, 'custom_id'], id);
  const n = checkOptions(errors, path, g.options, { min: 1, max: 10 }, false);
  const givenMin = checkInt(errors, [...path, 'min_values'], g.min_values, 0, 10);
  const givenMax = checkInt(errors, [...path, 'max_values'], g.max_values, 1, 10);
  if ((givenMin ?? 1) > (givenMax ?? Math.max(n, 1))) errors.add([...path, 'min_values'], 'SELECT_COMPONENT_MIN_VALUES_GREATER_THAN_MAX', 'min_values must be less than or equal to max_values.');
  if (givenMax !== undefined && n > 0 && givenMax > n) errors.add([...path, 'max_values'], 'SELECT_COMPONENT_MAX_VALUES_EXCEEDED', 'max_values cannot exceed the number of options.');
  checkRequiredMin(errors, path, g, givenMin);
  checkNotDisabledInModal(errors, path, g, 'modal');
}

/** "Checkbox": custom_id and `default`; it cannot be required. */
export function checkCheckbox(errors: FormErrors, path: Path, c: Record<string, unknown>, ids: CustomIds): void {
  const id = checkString(errors, [...path, 'custom_id'], c.custom_id, { required: true, min: 1, max: 100 });
  ids.add([...path, 'custom_id'], id);
  checkBoolean(errors, [...path, 'default'], c.default);
  if (c.required !== undefined && c.required !== null) errors.add([...path, 'required'], 'COMPONENT_FIELD_NOT_ALLOWED', 'A checkbox cannot be required.');
  checkNotDisabledInModal(errors, path, c, 'modal');
}

/**
 * Message components. Legacy layout ("Component Reference — Action Row"): at
 * most 5 action rows, each with up to 5 buttons or exactly one select. With
 * IS_COMPONENTS_V2 up to 40 components in total. custom_ids are unique in a
 * message.
 */
export function checkMessageComponents(errors: FormErrors, raw: unknown, componentsV2: boolean): unknown[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    errors.add(['components'], 'BASE_TYPE_ARRAY', 'Must be an array.');
    return [];
  }
  const ids = new CustomIds(errors);
  if (!componentsV2) {
    if (raw.length > 5) errors.add(['components'], 'BASE_TYPE_MAX_LENGTH', 'Must be 5 or fewer in length.');
    raw.forEach((row, i) => {
      const path: Path = ['components', i];
      if (!isObject(row) || row.type !== ComponentType.ACTION_ROW) {
        errors.add([...path, 'type'], 'UNION_TYPE_CHOICES', 'Value of field "type" must be one of (1,).');
        return;
      }
      checkActionRow(errors, path, row, ids, 'message');
    });
    return structuredClone(raw);
  }
  let total = 0;
  const walk = (node: unknown, path: Path): void => {
    if (!isObject(node)) {
      errors.add(path, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType.');
      return;
    }
    total += 1;
    const type = node.type;
    if (type === ComponentType.ACTION_ROW) {
      checkActionRow(errors, path, node, ids, 'message');
      total += Array.isArray(node.components) ? node.components.length : 0;
      return;
    }
    if (type === ComponentType.BUTTON) checkButton(errors, path, node, ids);
    else if (typeof type === 'number' && SELECT_TYPES.has(type)) checkSelect(errors, path, node, ids, 'message');
    else if (type === ComponentType.TEXT_INPUT || type === ComponentType.LABEL || type === ComponentType.FILE_UPLOAD ||
      type === ComponentType.RADIO_GROUP || type === ComponentType.CHECKBOX_GROUP || type === ComponentType.CHECKBOX) {
      errors.add([...path, 'type'], 'COMPONENT_TYPE_INVALID', 'This component is only valid in modals.');
    }
    if (Array.isArray(node.components)) node.components.forEach((c, j) => walk(c, [...path, 'components', j]));
    if (node.accessory !== undefined) walk(node.accessory, [...path, 'accessory']);
  };
  raw.forEach((c, i) => walk(c, ['components', i]));
  if (total > 40) errors.add(['components'], 'COMPONENTS_TOO_MANY', 'Must be 40 or fewer components in total.');
  return structuredClone(raw);
}

export function checkActionRow(errors: FormErrors, path: Path, row: Record<string, unknown>, ids: CustomIds, where: Surface): void {
  const children = row.components;
  if (!Array.isArray(children) || children.length === 0) {
    errors.add([...path, 'components'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 5 in length.');
    return;
  }
  const types = children.map((c) => (isObject(c) ? c.type : undefined));
  if (where === 'modal') {
    if (children.length !== 1 || types[0] !== ComponentType.TEXT_INPUT) {
      errors.add([...path, 'components'], 'COMPONENT_LAYOUT_WIDTH_EXCEEDED', 'An action row in a modal holds exactly one text input.');
      return;
    }
    checkTextInput(errors, [...path, 'components', 0], children[0] as Record<string, unknown>, ids, false);
    return;
  }
  const hasSelect = types.some((t) => typeof t === 'number' && SELECT_TYPES.has(t));
  if (hasSelect && children.length > 1) {
    errors.add([...path, 'components'], 'COMPONENT_LAYOUT_WIDTH_EXCEEDED', 'The specified component exceeds the maximum width');
  }
  if (children.length > 5) errors.add([...path, 'components'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 5 in length.');
  children.forEach((c, j) => {
    const cp = [...path, 'components', j];
    if (!isObject(c)) {
      errors.add(cp, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType.');
      return;
    }
    if (c.type === ComponentType.BUTTON) checkButton(errors, cp, c, ids);
    else if (typeof c.type === 'number' && SELECT_TYPES.has(c.type)) checkSelect(errors, cp, c, ids, 'message');
    else errors.add([...cp, 'type'], 'UNION_TYPE_CHOICES', 'Value of field "type" must be one of (2, 3, 5, 6, 7, 8).');
  });
}

/** Every interactive component of a message or modal, flattened. */
export function interactiveComponents(components: unknown): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(walk);
      return;
    }
    if (!isObject(node)) return;
    if (typeof node.custom_id === 'string' && node.type !== ComponentType.ACTION_ROW) out.push(node);
    if (node.components !== undefined) walk(node.components);
    if (node.component !== undefined) walk(node.component);
    if (node.accessory !== undefined) walk(node.accessory);
  };
  walk(components);
  return out;
}

// ------------------------------------------------------------------ whole bodies

/** A message body after validation; `undefined` fields were not given (edits keep the old value). */
export interface ParsedMessageBody {
  content?: string;
  embeds?: unknown[];
  components?: unknown[];
  /** Flags as given (callers mask what their route lets through). */
  flags?: number;
  allowedMentions?: AllowedMentions;
  tts: boolean;
  nonce?: string | number;
  stickerIds?: unknown[];
  poll?: unknown;
  /** `attachments` metadata (kept ids on edit, filename/description for new uploads). */
  attachments?: Array<Record<string, unknown>>;
}

/**
 * Reads the fields common to Create Message, Edit Message, Execute Webhook
 * and interaction responses. `null` means "clear" (edits) and reads as empty.
 * `componentsV2` is the flag state the message ends up with.
 */
export function parseMessageBody(errors: FormErrors, body: Record<string, unknown>, opts: { componentsV2?: (flags: number | undefined) => boolean } = {}): ParsedMessageBody {
  const out: ParsedMessageBody = { tts: body.tts === true };
  if (body.content !== undefined) {
    if (body.content === null) out.content = '';
    else if (typeof body.content !== 'string') errors.add(['content'], 'BASE_TYPE_STRING', 'Must be a string.');
    else {
      out.content = body.content;
      if (chars(body.content) > 2000) errors.add(['content'], 'BASE_TYPE_MAX_LENGTH', 'Must be 2000 or fewer in length.');
    }
  }
  if (body.nonce !== undefined && body.nonce !== null) {
    if (typeof body.nonce === 'string') {
      if (chars(body.nonce) > 25) errors.add(['nonce'], 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
      out.nonce = body.nonce;
    } else if (typeof body.nonce === 'number' && Number.isInteger(body.nonce)) {
      out.nonce = body.nonce;
    } else {
      errors.add(['nonce'], 'BASE_TYPE_STRING', 'Must be a string or an integer.');
    }
  }
  if (body.embeds !== undefined) out.embeds = checkEmbeds(errors, body.embeds);
  if (body.allowed_mentions !== undefined && body.allowed_mentions !== null) out.allowedMentions = checkAllowedMentions(errors, body.allowed_mentions);
  if (body.flags !== undefined && body.flags !== null) {
    if (typeof body.flags !== 'number' || !Number.isInteger(body.flags)) errors.add(['flags'], 'BASE_TYPE_INTEGER', 'Must be an integer.');
    else out.flags = body.flags;
  }
  const v2 = opts.componentsV2 ? opts.componentsV2(out.flags) : ((out.flags ?? 0) & (1 << 15)) !== 0;
  if (body.components !== undefined) out.components = checkMessageComponents(errors, body.components, v2);
  if (body.sticker_ids !== undefined && body.sticker_ids !== null) {
    if (!Array.isArray(body.sticker_ids)) errors.add(['sticker_ids'], 'BASE_TYPE_ARRAY', 'Must be an array.');
    else {
      out.stickerIds = body.sticker_ids;
      if (body.sticker_ids.length > 3) errors.add(['sticker_ids'], 'BASE_TYPE_MAX_LENGTH', 'Must be 3 or fewer in length.');
    }
  }
  if (body.poll !== undefined && body.poll !== null) out.poll = structuredClone(body.poll);
  if (body.attachments !== undefined) {
    if (body.attachments === null) out.attachments = [];
    else if (!Array.isArray(body.attachments)) errors.add(['attachments'], 'BASE_TYPE_ARRAY', 'Must be an array.');
    else {
      if (body.attachments.length > 10) errors.add(['attachments'], 'BASE_TYPE_MAX_LENGTH', 'Must be 10 or fewer in length.');
      out.attachments = body.attachments.filter(isObject);
    }
  }
  if (v2) {
    const legacy: Array<[string, boolean]> = [
      ['content', (out.content ?? '') !== ''],
      ['embeds', (out.embeds?.length ?? 0) > 0],
      ['sticker_ids', (out.stickerIds?.length ?? 0) > 0],
      ['poll', out.poll !== undefined],
    ];
    for (const [key, present] of legacy) {
      if (present) errors.add([key], 'MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2', 'This field cannot be used when the IS_COMPONENTS_V2 flag is set.');
    }
  }
  return out;
}
