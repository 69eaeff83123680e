// The slash-command palette: the commands the bot registered and the viewer may use
// here (the sandbox filters by default_member_permissions), each subcommand as its own
// entry, names and descriptions in the viewer's language, and a form for the options
// with their types, choices, ranges and channel types, checked as the client does.
import { useState } from 'preact/hooks';
import { api, type Command, type CommandOption } from './api.ts';
import { SelectMenu } from './components.tsx';
import { localized, usePage, type PageContext } from './context.ts';

const SUBCOMMAND = 1;
const SUBCOMMAND_GROUP = 2;
export const OptionType = { STRING: 3, INTEGER: 4, BOOLEAN: 5, USER: 6, CHANNEL: 7, ROLE: 8, MENTIONABLE: 9, NUMBER: 10, ATTACHMENT: 11 } as const;

export interface PaletteEntry {
  command: Command;
  group?: CommandOption;
  sub?: CommandOption;
  /** Localised "/inbox new-tickets starter". */
  title: string;
  description: string;
  options: CommandOption[];
}

/** Every runnable path of every slash command: Discord never runs a command that has subcommands by itself. */
export function paletteEntries(commands: Command[], locale: string): PaletteEntry[] {
  const out: PaletteEntry[] = [];
  const l = (o: { name: string; name_localizations?: Record<string, string> | null }) => localized(o.name, o.name_localizations, locale);
  const d = (o: { description: string; description_localizations?: Record<string, string> | null }) => localized(o.description, o.description_localizations, locale);
  for (const command of commands.filter((c) => c.type === 1)) {
    const top = command.options ?? [];
    const subs = top.filter((o) => o.type === SUBCOMMAND || o.type === SUBCOMMAND_GROUP);
    if (subs.length === 0) {
      out.push({ command, title: `/${l(command)}`, description: d(command), options: top });
      continue;
    }
    for (const o of subs) {
      if (o.type === SUBCOMMAND) out.push({ command, sub: o, title: `/${l(command)} ${l(o)}`, description: d(o), options: o.options ?? [] });
      else for (const s of o.options ?? []) out.push({ command, group: o, sub: s, title: `/${l(command)} ${l(o)} ${l(s)}`, description: d(s), options: s.options ?? [] });
    }
  }
  return out;
}

type Value = string | number | boolean;

function pickerComponent(option: CommandOption): { type: number; channel_types?: number[]; placeholder: string } {
  switch (option.type) {
    case OptionType.USER:
      return { type: 5, placeholder: 'Pick a member' };
    case OptionType.ROLE:
      return { type: 6, placeholder: 'Pick a role' };
    case OptionType.MENTIONABLE:
      return { type: 7, placeholder: 'Pick a role or a member' };
    default:
      return { type: 8, placeholder: 'Pick a channel', ...(option.channel_types ? { channel_types: option.channel_types } : {}) };
  }
}

/** The client's checks of the options before sending; a sentence per option that fails. */
export function checkOptions(options: CommandOption[], raw: Record<string, string>): { values: Record<string, Value>; problems: Record<string, string> } {
  const values: Record<string, Value> = {};
  const problems: Record<string, string> = {};
  for (const o of options) {
    const text = raw[o.name] ?? '';
    if (text === '') {
      if (o.required) problems[o.name] = 'This option is required.';
      continue;
    }
    switch (o.type) {
      case OptionType.INTEGER:
      case OptionType.NUMBER: {
        const n = Number(text);
        if (!Number.isFinite(n) || (o.type === OptionType.INTEGER && !Number.isInteger(n))) problems[o.name] = o.type === OptionType.INTEGER ? 'Enter a whole number.' : 'Enter a number.';
        else if (o.min_value !== undefined && n < o.min_value) problems[o.name] = `Must be at least ${o.min_value}.`;
        else if (o.max_value !== undefined && n > o.max_value) problems[o.name] = `Must be at most ${o.max_value}.`;
        else values[o.name] = n;
        break;
      }
      case OptionType.BOOLEAN:
        values[o.name] = text === 'true';
        break;
      case OptionType.STRING: {
        const length = [...text].length;
        if (o.min_length !== undefined && length < o.min_length) problems[o.name] = `Must be at least ${o.min_length} characters long.`;
        else if (o.max_length !== undefined && length > o.max_length) problems[o.name] = `Must be ${o.max_length} characters or fewer.`;
        else values[o.name] = text;
        break;
      }
      case OptionType.ATTACHMENT:
        problems[o.name] = 'The sandbox cannot send attachment options.';
        break;
      default:
        values[o.name] = text;
    }
  }
  return { values, problems };
}

function OptionField({ option, value, onChange, problem, page }: { option: CommandOption; value: string; onChange: (v: string) => void; problem: string | undefined; page: PageContext }) {
  const name = localized(option.name, option.name_localizations, page.locale);
  const description = localized(option.description, option.description_localizations, page.locale);
  const id = `option-${option.name}`;
  let control;
  if (option.choices?.length) {
    control = (
      <select id={id} name={option.name} value={value} onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value)}>
        <option value="">{option.required ? 'Choose…' : '(none)'}</option>
        {option.choices.map((c) => <option key={String(c.value)} value={String(c.value)}>{localized(c.name, c.name_localizations, page.locale)}</option>)}
      </select>
    );
  } else if (option.type === OptionType.BOOLEAN) {
    control = (
      <select id={id} name={option.name} value={value} onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value)}>
        <option value="">{option.required ? 'Choose…' : '(none)'}</option>
        <option value="true">True</option>
        <option value="false">False</option>
      </select>
    );
  } else if (option.type === OptionType.INTEGER || option.type === OptionType.NUMBER) {
    control = (
      <input
        id={id}
        name={option.name}
        type="number"
        value={value}
        min={option.min_value}
        max={option.max_value}
        step={option.type === OptionType.INTEGER ? 1 : 'any'}
        onInput={(e) => onChange((e.currentTarget as HTMLInputElement).value)}
      />
    );
  } else if (option.type === OptionType.STRING) {
    control = <input id={id} name={option.name} type="text" value={value} maxLength={option.max_length} onInput={(e) => onChange((e.currentTarget as HTMLInputElement).value)} />;
  } else if (option.type === OptionType.ATTACHMENT) {
    control = <input id={id} type="file" disabled title="The sandbox cannot send attachment options" />;
  } else {
    const picker = pickerComponent(option);
    control = (
      <SelectMenu
        component={{ ...picker, custom_id: `option-${option.name}`, min_values: option.required ? 1 : 0, max_values: 1 }}
        value={value ? [value] : []}
        onChange={(v) => onChange(v[0] ?? '')}
        required={option.required === true}
        invalid={problem !== undefined}
      />
    );
  }
  return (
    <div class="option-field" data-option={option.name}>
      <label for={id} class="option-name">{name}{option.required ? <span class="required" aria-hidden="true"> *</span> : null}</label>
      <div class="option-description">{description}</div>
      {control}
      {problem ? <div class="field-error">{problem}</div> : null}
    </div>
  );
}

/** The options form of one chosen command. */
export function CommandForm({ entry, channelId, onDone }: { entry: PaletteEntry; channelId: string; onDone: () => void }) {
  const page = usePage();
  const [raw, setRaw] = useState<Record<string, string>>({});
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const send = async (): Promise<void> => {
    const checked = checkOptions(entry.options, raw);
    setProblems(checked.problems);
    if (Object.keys(checked.problems).length > 0) return;
    setBusy(true);
    try {
      const result = await api.slash({
        as: page.viewerId,
        channelId,
        command: entry.command.name,
        ...(entry.group ? { subcommandGroup: entry.group.name } : {}),
        ...(entry.sub ? { subcommand: entry.sub.name } : {}),
        options: checked.values,
        locale: page.locale,
      });
      onDone();
      page.answered(result);
    } catch (error) {
      page.fail(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      class="command-form"
      data-command={entry.title}
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <div class="command-form-head">
        <span class="command-title">{entry.title}</span>
        <span class="command-description">{entry.description}</span>
      </div>
      {entry.options.length === 0 ? <div class="option-description">This command has no options.</div> : null}
      {entry.options.map((o) => (
        <OptionField key={o.name} option={o} value={raw[o.name] ?? ''} onChange={(v) => setRaw({ ...raw, [o.name]: v })} problem={problems[o.name]} page={page} />
      ))}
      <div class="command-form-foot">
        <button type="button" class="button secondary" onClick={onDone}>Cancel</button>
        <button type="submit" class="button primary" disabled={busy}>Send</button>
      </div>
    </form>
  );
}

/** The list shown while typing "/…". */
export function Palette({ entries, filter, onPick }: { entries: PaletteEntry[]; filter: string; onPick: (e: PaletteEntry) => void }) {
  const needle = filter.trim().toLowerCase();
  const shown = entries.filter((e) => e.title.toLowerCase().startsWith(`/${needle}`) || e.title.toLowerCase().includes(needle));
  return (
    <div class="palette" role="listbox" aria-label="Commands">
      <div class="palette-title">Commands</div>
      {shown.map((e) => (
        <button key={e.title} type="button" role="option" class="palette-item" onClick={() => onPick(e)}>
          <span class="command-title">{e.title}</span>
          <span class="command-description">{e.description}</span>
        </button>
      ))}
      {shown.length === 0 ? <div class="palette-empty">{entries.length === 0 ? 'No commands you can use here' : 'No matching command'}</div> : null}
    </div>
  );
}

