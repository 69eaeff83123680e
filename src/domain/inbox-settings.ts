// The per-inbox settings of /inbox settings (SPEC §10): what each may be, how a typed
// value is read, and what the allowed and blocked roles mean for a member. Pure.

/** Open tickets per member: 0 (no limit) to 25. */
export const MAX_TICKETS_CEILING = 25;
/** Six hours, Discord's longest slowmode: the bot forgets a member's last ticket after that. */
export const COOLDOWN_CEILING_SECONDS = 21_600;
/** The auto_archive_duration values Discord takes, in minutes: 1 h, 24 h, 3 d, 1 w. */
export const AUTO_ARCHIVE_MINUTES = [60, 1440, 4320, 10080] as const;
/** The string select's value for "the channel's default". */
export const AUTO_ARCHIVE_CHANNEL_DEFAULT = 'channel';

export type NumberProblem = 'not-a-whole-number' | 'out-of-range';
export type ParsedNumber = { ok: true; value: number } | { ok: false; problem: NumberProblem; min: number; max: number };

/** A whole number typed by an admin, between `min` and `max`; spaces around it are fine. */
export function parseWholeNumber(text: string, min: number, max: number): ParsedNumber {
  const trimmed = text.trim();
  if (!/^[0-9]{1,9}$/.test(trimmed)) return { ok: false, problem: 'not-a-whole-number', min, max };
  const value = Number(trimmed);
  if (value < min || value > max) return { ok: false, problem: 'out-of-range', min, max };
  return { ok: true, value };
}

export const parseMaxTickets = (text: string): ParsedNumber => parseWholeNumber(text, 0, MAX_TICKETS_CEILING);
export const parseCooldown = (text: string): ParsedNumber => parseWholeNumber(text, 0, COOLDOWN_CEILING_SECONDS);

/** The auto-archive select's value: minutes, null for the channel's default, undefined when it is none of them. */
export function parseAutoArchive(value: string): number | null | undefined {
  if (value === AUTO_ARCHIVE_CHANNEL_DEFAULT) return null;
  const minutes = Number(value);
  return (AUTO_ARCHIVE_MINUTES as readonly number[]).includes(minutes) && String(minutes) === value ? minutes : undefined;
}

/** A stored duration the bot can send (an older or hand-edited value that Discord would refuse is left out). */
export function sendableAutoArchive(minutes: number | null): number | null {
  return minutes !== null && (AUTO_ARCHIVE_MINUTES as readonly number[]).includes(minutes) ? minutes : null;
}

export type RoleVerdict = 'ok' | 'blocked' | 'not-allowed';

/**
 * Whether a member with these roles may open a ticket: a blocked role always refuses;
 * otherwise an empty allowed list lets everyone in, else one allowed role is needed.
 * The @everyone role (id = guild id) counts as held by everyone.
 */
export function roleVerdict(memberRoles: readonly string[], guildId: string, roles: { allowed: readonly string[]; blocked: readonly string[] }): RoleVerdict {
  const holds = (roleId: string): boolean => roleId === guildId || memberRoles.includes(roleId);
  if (roles.blocked.some(holds)) return 'blocked';
  if (roles.allowed.length > 0 && !roles.allowed.some(holds)) return 'not-allowed';
  return 'ok';
}
