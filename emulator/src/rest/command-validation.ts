/**
 * Validation of application command payloads, following the Discord
 * documentation page "Application Commands": "Application Command Naming",
 * "Application Command Structure", "Application Command Option Structure",
 * "Option Choice Structure", "Subcommands and Subcommand Groups",
 * "Registering a Command" (uniqueness and count limits) and the 8000
 * character size limit under "Slash Commands"; locale keys come from
 * "Reference — Locales".
 *
 * The docs give the envelope of form errors (50035, nested `_errors`) and a
 * few inner codes (BASE_TYPE_REQUIRED, BASE_TYPE_CHOICES,
 * APPLICATION_COMMAND_TOO_LARGE); the other inner codes here are the
 * emulator's own names.
 */

import { DISCORD_LOCALES, isDiscordLocale } from '../locales.ts';
import { isSnowflake } from '../snowflake.ts';
import type { ApplicationCommandOption, ApplicationCommandOptionChoice } from '../types.ts';
import { ApiError, FormErrors } from './errors.ts';

export const CommandType = { CHAT_INPUT: 1, USER: 2, MESSAGE: 3, PRIMARY_ENTRY_POINT: 4 } as const;

export const OptionType = {
  SUB_COMMAND: 1,
  SUB_COMMAND_GROUP: 2,
  STRING: 3,
  INTEGER: 4,
  BOOLEAN: 5,
  USER: 6,
  CHANNEL: 7,
  ROLE: 8,
  MENTIONABLE: 9,
  NUMBER: 10,
  ATTACHMENT: 11,
} as const;

const CHAT_INPUT_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const CHANNEL_TYPES = new Set([0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15, 16]);
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

export type Scope = { kind: 'global' } | { kind: 'guild'; guildId: string };

/** A command as accepted from a request, before ids and versions are assigned. */
export interface CommandInput {
  id?: string;
  type: number;
  name: string;
  name_localizations: Record<string, string> | null;
  description: string;
  description_localizations: Record<string, string> | null;
  options?: ApplicationCommandOption[];
  default_member_permissions: string | null;
  dm_permission?: boolean;
  default_permission: boolean;
  nsfw: boolean;
  integration_types?: number[];
  contexts?: number[] | null;
}

type Path = Array<string | number>;

function chars(s: string): number {
  return [...s].length;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkLength(errors: FormErrors, path: Path, value: string, min: number, max: number): boolean {
  const n = chars(value);
  if (n < min || n > max) {
    errors.add(path, 'BASE_TYPE_BAD_LENGTH', `Must be between ${min} and ${max} in length.`);
    return false;
  }
  return true;
}

function requireString(errors: FormErrors, path: Path, value: unknown): value is string {
  if (value === undefined || value === null) {
    errors.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
    return false;
  }
  if (typeof value !== 'string') {
    errors.add(path, 'BASE_TYPE_STRING', 'Must be a string.');
    return false;
  }
  return true;
}

function checkBoolean(errors: FormErrors, path: Path, value: unknown): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') {
    errors.add(path, 'BASE_TYPE_BOOLEAN', 'Must be either true or false.');
    return undefined;
  }
  return value;
}

/** Slash-command style names: the naming regex, and lowercase wherever a lowercase form exists. */
function checkChatInputName(errors: FormErrors, path: Path, value: string): void {
  if (!CHAT_INPUT_NAME.test(value)) {
    if (chars(value) < 1 || chars(value) > 32) {
      errors.add(path, 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 32 in length.');
    } else {
      errors.add(path, 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid: only letters, numbers, "-", "_" and "\'" are allowed.');
    }
    return;
  }
  if (value.toLowerCase() !== value) {
    errors.add(path, 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid: letters that have a lowercase form must be lowercase.');
  }
}

function checkContextMenuName(errors: FormErrors, path: Path, value: string): void {
  checkLength(errors, path, value, 1, 32);
}

function checkLocalizations(
  errors: FormErrors,
  path: Path,
  value: unknown,
  checkValue: (p: Path, v: string) => void,
): Record<string, string> | null {
  if (value === undefined || value === null) return null;
  if (!isPlainObject(value)) {
    errors.add(path, 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType.');
    return null;
  }
  const out: Record<string, string> = {};
  for (const [locale, text] of Object.entries(value)) {
    if (!isDiscordLocale(locale)) {
      errors.add([...path, locale], 'LOCALE_INVALID', `Invalid locale "${locale}"; valid locales are ${[...DISCORD_LOCALES].join(', ')}.`);
      continue;
    }
    if (typeof text !== 'string') {
      errors.add([...path, locale], 'BASE_TYPE_STRING', 'Must be a string.');
      continue;
    }
    checkValue([...path, locale], text);
    out[locale] = text;
  }
  return out;
}

function checkDescription(errors: FormErrors, path: Path, value: unknown): string {
  if (!requireString(errors, path, value)) return '';
  checkLength(errors, path, value, 1, 100);
  return value;
}

function isBasicOptionType(t: number): boolean {
  return t >= OptionType.STRING && t <= OptionType.ATTACHMENT;
}

function checkChoices(errors: FormErrors, path: Path, type: number, value: unknown): ApplicationCommandOptionChoice[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (type !== OptionType.STRING && type !== OptionType.INTEGER && type !== OptionType.NUMBER) {
    errors.add(path, 'APPLICATION_COMMAND_OPTION_CHOICES_NOT_ALLOWED', 'Choices are only allowed on STRING, INTEGER and NUMBER options.');
    return undefined;
  }
  if (!Array.isArray(value)) {
    errors.add(path, 'BASE_TYPE_ARRAY', 'Must be an array.');
    return undefined;
  }
  if (value.length > 25) errors.add(path, 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
  const out: ApplicationCommandOptionChoice[] = [];
  value.forEach((raw, i) => {
    const p = [...path, i];
    if (!isPlainObject(raw)) {
      errors.add(p, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType.');
      return;
    }
    let name = '';
    if (requireString(errors, [...p, 'name'], raw.name)) {
      name = raw.name;
      checkLength(errors, [...p, 'name'], name, 1, 100);
    }
    const nameLocalizations = checkLocalizations(errors, [...p, 'name_localizations'], raw.name_localizations, (lp, v) =>
      checkLength(errors, lp, v, 1, 100),
    );
    const v = raw.value;
    let ok = true;
    if (type === OptionType.STRING) {
      if (typeof v !== 'string') {
        errors.add([...p, 'value'], 'BASE_TYPE_STRING', 'Must be a string.');
        ok = false;
      } else if (chars(v) > 100) {
        errors.add([...p, 'value'], 'BASE_TYPE_MAX_LENGTH', 'Must be 100 or fewer in length.');
        ok = false;
      }
    } else if (type === OptionType.INTEGER) {
      if (typeof v !== 'number' || !Number.isInteger(v) || Math.abs(v) > MAX_SAFE) {
        errors.add([...p, 'value'], 'NUMBER_TYPE_COERCE', 'Value is not a valid integer between -(2^53-1) and 2^53-1.');
        ok = false;
      }
    } else if (typeof v !== 'number' || !Number.isFinite(v) || Math.abs(v) > 2 ** 53) {
      errors.add([...p, 'value'], 'NUMBER_TYPE_COERCE', 'Value is not a valid number between -2^53 and 2^53.');
      ok = false;
    }
    if (ok) {
      const choice: ApplicationCommandOptionChoice = { name, value: v as string | number };
      if (nameLocalizations) choice.name_localizations = nameLocalizations;
      out.push(choice);
    }
  });
  return out;
}

function checkOption(errors: FormErrors, path: Path, raw: unknown, depth: 0 | 1 | 2): ApplicationCommandOption | null {
  if (!isPlainObject(raw)) {
    errors.add(path, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType.');
    return null;
  }
  const type = raw.type;
  if (typeof type !== 'number' || !Number.isInteger(type) || type < 1 || type > 11) {
    errors.add([...path, 'type'], 'BASE_TYPE_CHOICES', 'Value must be one of (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11).');
    return null;
  }
  let name = '';
  if (requireString(errors, [...path, 'name'], raw.name)) {
    name = raw.name;
    checkChatInputName(errors, [...path, 'name'], name);
  }
  const description = checkDescription(errors, [...path, 'description'], raw.description);
  const nameLocalizations = checkLocalizations(errors, [...path, 'name_localizations'], raw.name_localizations, (lp, v) =>
    checkChatInputName(errors, lp, v),
  );
  const descriptionLocalizations = checkLocalizations(errors, [...path, 'description_localizations'], raw.description_localizations, (lp, v) =>
    checkLength(errors, lp, v, 1, 100),
  );
  const option: ApplicationCommandOption = { type, name, description };
  if (nameLocalizations) option.name_localizations = nameLocalizations;
  if (descriptionLocalizations) option.description_localizations = descriptionLocalizations;

  const isSub = type === OptionType.SUB_COMMAND || type === OptionType.SUB_COMMAND_GROUP;
  // Nesting: command → group → subcommand → basic options; nothing deeper.
  if (type === OptionType.SUB_COMMAND_GROUP && depth !== 0) {
    errors.add([...path, 'type'], 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID', 'Sub-command groups can only be used at the top level of a command.');
  }
  if (type === OptionType.SUB_COMMAND && depth === 2) {
    errors.add([...path, 'type'], 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID', 'Sub-commands cannot be nested inside sub-commands.');
  }

  const required = checkBoolean(errors, [...path, 'required'], raw.required);
  if (required === true) {
    if (isSub) errors.add([...path, 'required'], 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID', 'Sub-commands and groups cannot be required.');
    else option.required = true;
  }

  const choices = checkChoices(errors, [...path, 'choices'], type, raw.choices);
  if (choices !== undefined) option.choices = choices;

  const autocomplete = checkBoolean(errors, [...path, 'autocomplete'], raw.autocomplete);
  if (autocomplete !== undefined) {
    if (type !== OptionType.STRING && type !== OptionType.INTEGER && type !== OptionType.NUMBER) {
      errors.add([...path, 'autocomplete'], 'APPLICATION_COMMAND_OPTION_AUTOCOMPLETE_NOT_ALLOWED', 'Autocomplete is only allowed on STRING, INTEGER and NUMBER options.');
    } else if (autocomplete && choices && choices.length > 0) {
      errors.add([...path, 'autocomplete'], 'APPLICATION_COMMAND_AUTOCOMPLETE_CHOICES', 'Autocomplete cannot be enabled on an option that has choices.');
    } else {
      option.autocomplete = autocomplete;
    }
  }

  if (raw.channel_types !== undefined && raw.channel_types !== null) {
    if (type !== OptionType.CHANNEL) {
      errors.add([...path, 'channel_types'], 'APPLICATION_COMMAND_OPTION_FIELD_NOT_ALLOWED', 'channel_types is only allowed on CHANNEL options.');
    } else if (!Array.isArray(raw.channel_types) || raw.channel_types.some((t) => !CHANNEL_TYPES.has(t as number))) {
      errors.add([...path, 'channel_types'], 'BASE_TYPE_CHOICES', `Values must be channel types (${[...CHANNEL_TYPES].join(', ')}).`);
    } else {
      option.channel_types = [...(raw.channel_types as number[])];
    }
  }

  for (const key of ['min_value', 'max_value'] as const) {
    const v = raw[key];
    if (v === undefined || v === null) continue;
    if (type !== OptionType.INTEGER && type !== OptionType.NUMBER) {
      errors.add([...path, key], 'APPLICATION_COMMAND_OPTION_FIELD_NOT_ALLOWED', `${key} is only allowed on INTEGER and NUMBER options.`);
    } else if (typeof v !== 'number' || !Number.isFinite(v) || (type === OptionType.INTEGER && !Number.isInteger(v))) {
      errors.add([...path, key], 'NUMBER_TYPE_COERCE', `Value "${String(v)}" is not a valid ${type === OptionType.INTEGER ? 'integer' : 'number'}.`);
    } else {
      option[key] = v;
    }
  }
  if (option.min_value !== undefined && option.max_value !== undefined && option.min_value > option.max_value) {
    errors.add([...path, 'min_value'], 'NUMBER_TYPE_MAX', 'min_value must be less than or equal to max_value.');
  }

  for (const [key, lo] of [['min_length', 0], ['max_length', 1]] as const) {
    const v = raw[key];
    if (v === undefined || v === null) continue;
    if (type !== OptionType.STRING) {
      errors.add([...path, key], 'APPLICATION_COMMAND_OPTION_FIELD_NOT_ALLOWED', `${key} is only allowed on STRING options.`);
    } else if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > 6000) {
      errors.add([...path, key], 'NUMBER_TYPE_MAX', `${key} must be an integer between ${lo} and 6000.`);
    } else {
      option[key] = v;
    }
  }
  if (option.min_length !== undefined && option.max_length !== undefined && option.min_length > option.max_length) {
    errors.add([...path, 'min_length'], 'NUMBER_TYPE_MAX', 'min_length must be less than or equal to max_length.');
  }

  if (raw.options !== undefined && raw.options !== null) {
    if (!isSub) {
      errors.add([...path, 'options'], 'APPLICATION_COMMAND_OPTION_FIELD_NOT_ALLOWED', 'Only sub-commands and groups can have options.');
    } else {
      const nested = checkOptionList(errors, [...path, 'options'], raw.options, type === OptionType.SUB_COMMAND_GROUP ? 1 : 2);
      if (type === OptionType.SUB_COMMAND_GROUP) {
        nested.forEach((o, i) => {
          if (o && o.type !== OptionType.SUB_COMMAND) {
            errors.add([...path, 'options', i, 'type'], 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID', 'Sub-command groups can only contain sub-commands.');
          }
        });
      }
      option.options = nested.filter((o): o is ApplicationCommandOption => o !== null);
    }
  }
  return option;
}

/**
 * An options array at a given depth: 0 = the command's own options,
 * 1 = inside a group, 2 = inside a subcommand.
 */
function checkOptionList(errors: FormErrors, path: Path, raw: unknown, depth: 0 | 1 | 2): Array<ApplicationCommandOption | null> {
  if (!Array.isArray(raw)) {
    errors.add(path, 'BASE_TYPE_ARRAY', 'Must be an array.');
    return [];
  }
  if (raw.length > 25) errors.add(path, 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
  const options = raw.map((o, i) => checkOption(errors, [...path, i], o, depth));
  const seen = new Map<string, number>();
  options.forEach((o, i) => {
    if (!o) return;
    if (seen.has(o.name)) {
      errors.add([...path, i, 'name'], 'APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS', 'Option names must be unique within an options array.');
    } else {
      seen.set(o.name, i);
    }
  });
  const hasSub = options.some((o) => o && (o.type === OptionType.SUB_COMMAND || o.type === OptionType.SUB_COMMAND_GROUP));
  const hasBasic = options.some((o) => o && isBasicOptionType(o.type));
  if (hasSub && hasBasic) {
    errors.add(path, 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID', 'Sub-command and sub-command group options cannot be mixed with other option types.');
  }
  let sawOptional = false;
  options.forEach((o, i) => {
    if (!o || !isBasicOptionType(o.type)) return;
    if (o.required) {
      if (sawOptional) {
        errors.add([...path, i, 'required'], 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID', 'Required options must be placed before non-required options.');
      }
    } else {
      sawOptional = true;
    }
  });
  return options;
}

function longest(base: string, localizations: Record<string, string> | null | undefined): number {
  let n = chars(base);
  for (const v of Object.values(localizations ?? {})) n = Math.max(n, chars(v));
  return n;
}

/** Characters counted toward the 8000 limit: names, descriptions and choice values, longest localization per field. */
export function commandSize(cmd: { name: string; name_localizations?: Record<string, string> | null; description: string; description_localizations?: Record<string, string> | null; options?: ApplicationCommandOption[] }): number {
  let total = longest(cmd.name, cmd.name_localizations) + longest(cmd.description, cmd.description_localizations);
  const walk = (opts: ApplicationCommandOption[] | undefined): void => {
    for (const o of opts ?? []) {
      total += longest(o.name, o.name_localizations) + longest(o.description, o.description_localizations);
      for (const c of o.choices ?? []) total += longest(c.name, c.name_localizations) + chars(String(c.value));
      walk(o.options);
    }
  };
  walk(cmd.options);
  return total;
}

function checkPermissionsString(errors: FormErrors, path: Path, value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  if (typeof value === 'string' && /^\d+$/.test(value)) return BigInt(value).toString();
  errors.add(path, 'PERMISSIONS_INVALID', 'Must be a permission bit set as a string of digits.');
  return null;
}

function checkIntList(errors: FormErrors, path: Path, value: unknown, allowed: number[]): number[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => !allowed.includes(v as number))) {
    errors.add(path, 'BASE_TYPE_CHOICES', `Value must be a list of (${allowed.join(', ')}).`);
    return undefined;
  }
  return [...new Set(value as number[])];
}

/** Validates one command; errors are added under `path`. Returns null when nothing usable was found. */
export function checkCommand(errors: FormErrors, path: Path, raw: unknown, scope: Scope): CommandInput | null {
  if (!isPlainObject(raw)) {
    errors.add(path, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType.');
    return null;
  }
  const type = raw.type ?? CommandType.CHAT_INPUT;
  if (type !== CommandType.CHAT_INPUT && type !== CommandType.USER && type !== CommandType.MESSAGE) {
    const message = type === CommandType.PRIMARY_ENTRY_POINT
      ? 'PRIMARY_ENTRY_POINT commands need an application with Activities (the emulated application has none).'
      : 'Value must be one of (1, 2, 3).';
    errors.add([...path, 'type'], 'BASE_TYPE_CHOICES', message);
    return null;
  }
  const isChat = type === CommandType.CHAT_INPUT;
  let name = '';
  if (requireString(errors, [...path, 'name'], raw.name)) {
    name = raw.name;
    if (isChat) checkChatInputName(errors, [...path, 'name'], name);
    else checkContextMenuName(errors, [...path, 'name'], name);
  }
  const nameLocalizations = checkLocalizations(errors, [...path, 'name_localizations'], raw.name_localizations, (lp, v) =>
    isChat ? checkChatInputName(errors, lp, v) : checkContextMenuName(errors, lp, v),
  );
  let description = '';
  let descriptionLocalizations: Record<string, string> | null = null;
  if (isChat) {
    description = checkDescription(errors, [...path, 'description'], raw.description);
    descriptionLocalizations = checkLocalizations(errors, [...path, 'description_localizations'], raw.description_localizations, (lp, v) =>
      checkLength(errors, lp, v, 1, 100),
    );
  } else {
    if (raw.description !== undefined && raw.description !== null && raw.description !== '') {
      errors.add([...path, 'description'], 'APPLICATION_COMMAND_DESCRIPTION_NOT_ALLOWED', 'Context menu commands cannot have a description.');
    }
    const dl = raw.description_localizations;
    if (dl !== undefined && dl !== null && (!isPlainObject(dl) || Object.keys(dl).length > 0)) {
      errors.add([...path, 'description_localizations'], 'APPLICATION_COMMAND_DESCRIPTION_NOT_ALLOWED', 'Context menu commands cannot have a description.');
    }
  }
  let options: ApplicationCommandOption[] | undefined;
  if (raw.options !== undefined && raw.options !== null) {
    if (!isChat) {
      if (!Array.isArray(raw.options) || raw.options.length > 0) {
        errors.add([...path, 'options'], 'APPLICATION_COMMAND_OPTIONS_NOT_ALLOWED', 'Only CHAT_INPUT commands can have options.');
      }
    } else {
      options = checkOptionList(errors, [...path, 'options'], raw.options, 0).filter((o): o is ApplicationCommandOption => o !== null);
    }
  }
  const cmd: CommandInput = {
    type,
    name,
    name_localizations: nameLocalizations,
    description,
    description_localizations: descriptionLocalizations,
    default_member_permissions: checkPermissionsString(errors, [...path, 'default_member_permissions'], raw.default_member_permissions),
    default_permission: checkBoolean(errors, [...path, 'default_permission'], raw.default_permission) ?? true,
    nsfw: checkBoolean(errors, [...path, 'nsfw'], raw.nsfw) ?? false,
  };
  if (options !== undefined) cmd.options = options;
  if (raw.id !== undefined && raw.id !== null) {
    if (!isSnowflake(raw.id)) errors.add([...path, 'id'], 'NUMBER_TYPE_COERCE', 'Value is not snowflake.');
    else cmd.id = raw.id;
  }
  if (scope.kind === 'global') {
    cmd.dm_permission = checkBoolean(errors, [...path, 'dm_permission'], raw.dm_permission) ?? true;
    cmd.integration_types = checkIntList(errors, [...path, 'integration_types'], raw.integration_types, [0, 1]) ?? [0];
    const contexts = checkIntList(errors, [...path, 'contexts'], raw.contexts, [0, 1, 2]);
    cmd.contexts = contexts ?? null;
  }
  if (name && commandSize(cmd) > 8000) {
    errors.add(path, 'APPLICATION_COMMAND_TOO_LARGE', 'Command exceeds maximum size (8000)');
  }
  return cmd;
}

const TYPE_LIMITS: Record<number, number> = { 1: 100, 2: 5, 3: 5 };

/**
 * Checks that names are unique per type within one scope and that the
 * per-type counts stay within "Registering a Command" limits.
 */
export function checkCommandSet(errors: FormErrors, commands: Array<CommandInput | null>, pathOf: (i: number) => Path): void {
  const seen = new Map<string, number>();
  const counts = new Map<number, number>();
  commands.forEach((c, i) => {
    if (!c) return;
    const key = `${c.type}\u0000${c.name}`;
    if (seen.has(key)) {
      errors.add([...pathOf(i), 'name'], 'APPLICATION_COMMANDS_DUPLICATE_NAME', `Application command names must be unique per type; "${c.name}" is used twice.`);
    } else {
      seen.set(key, i);
    }
    counts.set(c.type, (counts.get(c.type) ?? 0) + 1);
  });
  for (const [type, n] of counts) {
    if (n > (TYPE_LIMITS[type] ?? 0)) throw new ApiError(400, 30032, 'Maximum number of application commands reached');
  }
}

/** The body of a bulk overwrite: an array of commands. */
export function validateCommandList(raw: unknown, scope: Scope): CommandInput[] {
  const errors = new FormErrors();
  if (!Array.isArray(raw)) {
    errors.add([], 'BASE_TYPE_ARRAY', 'Must be an array.');
    throw errors.toApiError();
  }
  const commands = raw.map((c, i) => checkCommand(errors, [i], c, scope));
  errors.throwIfAny();
  checkCommandSet(errors, commands, (i) => [i]);
  errors.throwIfAny();
  return commands as CommandInput[];
}

/** The body of a single create or edit. */
export function validateSingleCommand(raw: unknown, scope: Scope): CommandInput {
  const errors = new FormErrors();
  const cmd = checkCommand(errors, [], raw, scope);
  errors.throwIfAny();
  if (!cmd) throw errors.toApiError();
  return cmd;
}
