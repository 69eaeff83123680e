// Buttons and select menus as the Discord client shows them, shared by messages and
// modals: every kind of select (string, user, role, mentionable, channel) with its
// min/max values, defaults and channel types. What is sent is checked again by the
// emulator.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Component } from './api.ts';
import { colorCss, discordLink, usePage, type PageContext } from './context.ts';

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
} as const;

export const SELECT_TYPES: ReadonlySet<number> = new Set([3, 5, 6, 7, 8]);

const BUTTON_STYLES: Record<number, string> = { 1: 'primary', 2: 'secondary', 3: 'success', 4: 'danger', 5: 'link', 6: 'premium' };

export function Emoji({ emoji }: { emoji: Component['emoji'] }) {
  if (!emoji) return null;
  // Custom emoji images live on Discord's CDN, which the sandbox does not reach.
  return <span class="emoji">{emoji.id ? `:${emoji.name ?? 'emoji'}:` : emoji.name}</span>;
}

export function ButtonView({ component, onPress }: { component: Component; onPress?: () => Promise<void> }) {
  const page = usePage();
  const [busy, setBusy] = useState(false);
  const style = BUTTON_STYLES[component.style ?? 2] ?? 'secondary';
  const label = (
    <>
      <Emoji emoji={component.emoji} />
      {component.label ? <span>{component.label}</span> : null}
      {component.style === 5 ? <span class="link-icon" aria-hidden="true">↗</span> : null}
    </>
  );
  if (component.style === 5 && component.url) {
    const inside = discordLink(component.url, page.world.guild.id);
    return (
      <a
        class={`button ${style}${component.disabled ? ' disabled' : ''}`}
        href={component.disabled ? undefined : component.url}
        target={inside ? undefined : '_blank'}
        rel="noreferrer noopener"
        onClick={(e) => {
          if (!inside) return;
          e.preventDefault();
          if (page.channel(inside.channelId)) page.navigate(inside.channelId);
          else page.fail(new Error('You do not have access to that channel.'));
        }}
      >
        {label}
      </a>
    );
  }
  return (
    <button
      type="button"
      class={`button ${style}${busy ? ' busy' : ''}`}
      disabled={component.disabled === true || busy || !onPress || component.style === 6}
      data-custom-id={component.custom_id}
      onClick={async () => {
        if (!onPress) return;
        setBusy(true);
        try {
          await onPress();
        } finally {
          setBusy(false);
        }
      }}
    >
      {label}
    </button>
  );
}

export interface SelectChoice {
  value: string;
  label: string;
  description?: string;
  emoji?: Component['emoji'];
  kind?: 'user' | 'role' | 'channel';
  color?: string;
}

/** What a select offers: its options, or for auto-populated selects the server's people, roles or channels. */
export function selectChoices(component: Component, page: PageContext): SelectChoice[] {
  const users = (): SelectChoice[] => page.world.people.map((p) => ({ value: p.id, label: p.name, description: p.username, kind: 'user' as const, ...(colorCss(p.color) ? { color: colorCss(p.color) } : {}) }));
  const roles = (): SelectChoice[] => page.world.roles
    .filter((r) => r.id !== page.world.guild.id)
    .slice()
    .reverse()
    .map((r) => ({ value: r.id, label: `@${r.name}`, kind: 'role' as const, ...(colorCss(r.color) ? { color: colorCss(r.color) } : {}) }));
  switch (component.type) {
    case ComponentType.STRING_SELECT:
      return (component.options ?? []).map((o) => ({ value: o.value, label: o.label, ...(o.description ? { description: o.description } : {}), ...(o.emoji ? { emoji: o.emoji } : {}) }));
    case ComponentType.USER_SELECT:
      return users();
    case ComponentType.ROLE_SELECT:
      return roles();
    case ComponentType.MENTIONABLE_SELECT:
      return [...roles(), ...users()];
    case ComponentType.CHANNEL_SELECT: {
      const types = component.channel_types;
      return page.world.channels
        .filter((c) => !types || types.length === 0 || types.includes(c.type))
        .map((c) => ({ value: c.id, label: `#${c.name}`, kind: 'channel' as const }));
    }
    default:
      return [];
  }
}

/** The values a select starts with: `default: true` options, or `default_values`. */
export function selectDefaults(component: Component): string[] {
  if (component.type === ComponentType.STRING_SELECT) return (component.options ?? []).filter((o) => o.default).map((o) => o.value);
  return (component.default_values ?? []).map((d) => d.id);
}

export function selectBounds(component: Component, required = true): { min: number; max: number } {
  const max = component.max_values ?? 1;
  const min = required ? component.min_values ?? 1 : 0;
  return { min: Math.min(min, max), max };
}

/**
 * A select menu. In a message (`onCommit`) the choice is sent when the menu closes
 * with a change, as the client does; in a modal (`onChange`) it is a form field.
 */
export function SelectMenu(props: {
  component: Component;
  value?: string[];
  onChange?: (values: string[]) => void;
  onCommit?: (values: string[]) => Promise<void>;
  required?: boolean;
  invalid?: boolean;
}) {
  const page = usePage();
  const { component } = props;
  const choices = selectChoices(component, page);
  const initial = props.value ?? selectDefaults(component);
  const [picked, setShown] = useState<string[]>(initial);
  // The picks as of now, not as last drawn: a click and Escape can come before the next render.
  const current = useRef<string[]>(initial);
  const setPicked = (values: string[]): void => {
    current.current = values;
    setShown(values);
  };
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [hint, setHint] = useState<string | null>(null);
  const root = useRef<HTMLDivElement>(null);
  const { min, max } = selectBounds(component, props.required ?? true);
  const disabled = component.disabled === true || busy;

  // A new version of the message (an edit) resets what the menu shows.
  const key = JSON.stringify(initial);
  useEffect(() => {
    setPicked(initial);
  }, [key]);

  const close = async (values: string[]): Promise<void> => {
    if (props.onCommit) {
      const changed = JSON.stringify([...values].sort()) !== JSON.stringify([...initial].sort());
      if (values.length < min) {
        setHint(`Pick at least ${min}.`);
        return;
      }
      setOpen(false);
      setHint(null);
      if (!changed) return;
      setBusy(true);
      try {
        await props.onCommit(values);
      } finally {
        setBusy(false);
      }
      return;
    }
    setOpen(false);
  };

  useEffect(() => {
    if (!open) return undefined;
    const outside = (e: MouseEvent): void => {
      if (root.current && !root.current.contains(e.target as Node)) void close(current.current);
    };
    const key = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') void close(current.current);
    };
    document.addEventListener('mousedown', outside);
    document.addEventListener('keydown', key);
    return () => {
      document.removeEventListener('mousedown', outside);
      document.removeEventListener('keydown', key);
    };
  }, [open, picked]);

  const toggle = (value: string): void => {
    const picked = current.current;
    let next: string[];
    if (max === 1) next = picked.includes(value) && min === 0 ? [] : [value];
    else if (picked.includes(value)) next = picked.filter((v) => v !== value);
    else if (picked.length >= max) return;
    else next = [...picked, value];
    setPicked(next);
    setHint(null);
    props.onChange?.(next);
    if (max === 1) void close(next);
  };

  const labels = picked.map((v) => choices.find((c) => c.value === v)?.label ?? v);
  return (
    <div class={`select${open ? ' open' : ''}${disabled ? ' disabled' : ''}${props.invalid ? ' invalid' : ''}`} ref={root} data-custom-id={component.custom_id}>
      <button
        type="button"
        class="select-head"
        disabled={disabled}
        aria-haspopup="listbox"
        aria-expanded={open}
        onClick={() => (open ? void close(current.current) : setOpen(true))}
      >
        <span class={labels.length ? 'select-value' : 'select-placeholder'}>{labels.length ? labels.join(', ') : component.placeholder ?? 'Make a selection'}</span>
        <span class="select-arrow" aria-hidden="true">▾</span>
      </button>
      {open ? (
        <div class="select-list" role="listbox" aria-multiselectable={max > 1}>
          {choices.length === 0 ? <div class="select-empty">No options</div> : null}
          {choices.map((c) => {
            const on = picked.includes(c.value);
            return (
              <div
                key={c.value}
                role="option"
                aria-selected={on}
                class={`select-option${on ? ' selected' : ''}${!on && max > 1 && picked.length >= max ? ' full' : ''}`}
                data-value={c.value}
                onClick={() => toggle(c.value)}
              >
                {max > 1 ? <span class="check" aria-hidden="true">{on ? '☑' : '☐'}</span> : null}
                <Emoji emoji={c.emoji} />
                <span class="option-text">
                  <span class="option-label" style={c.color ? { color: c.color } : undefined}>{c.label}</span>
                  {c.description ? <span class="option-description">{c.description}</span> : null}
                </span>
              </div>
            );
          })}
          {max > 1 ? <div class="select-foot">{min > 0 ? `Pick ${min === max ? min : `${min} to ${max}`}` : `Pick up to ${max}`} · click outside to finish</div> : null}
        </div>
      ) : null}
      {hint ? <div class="field-error">{hint}</div> : null}
    </div>
  );
}
