// What every part of the page may look up: the world as the current person sees it,
// their language, and the ways to move around and report a refusal.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ChannelView, InteractionResult, Person, RoleView, WorldView } from './api.ts';

export interface PageContext {
  world: WorldView;
  viewerId: string;
  locale: string;
  person(id: string): Person | undefined;
  role(id: string): RoleView | undefined;
  channel(id: string): ChannelView | undefined;
  navigate(channelId: string): void;
  /** Shows a refusal the way the client would (Discord's message, never a pretend success). */
  fail(error: unknown): void;
  /** What happens after the bot's first answer to an interaction (a modal opens; the rest arrives live). */
  answered(result: InteractionResult): void;
}

export const Page = createContext<PageContext | null>(null);

export function usePage(): PageContext {
  const page = useContext(Page);
  if (!page) throw new Error('usePage outside the page');
  return page;
}

/** A localised name or description as the client shows it: the viewer's locale, else the default. */
export function localized(value: string, localizations: Record<string, string> | null | undefined, locale: string): string {
  return localizations?.[locale] ?? value;
}

export function colorCss(color: number): string | undefined {
  return color ? `#${color.toString(16).padStart(6, '0')}` : undefined;
}

/** A discord.com link to a channel (or message) of this server, as the page's own place. */
export function discordLink(href: string, guildId: string): { channelId: string; messageId?: string } | null {
  const m = /^https:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/channels\/(\d+)\/(\d+)(?:\/(\d+))?\/?$/.exec(href);
  if (!m || m[1] !== guildId || !m[2]) return null;
  return m[3] ? { channelId: m[2], messageId: m[3] } : { channelId: m[2] };
}
