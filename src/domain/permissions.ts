// Discord permission arithmetic, as the developer docs describe it
// ("Permissions — Permission Overwrites"): base permissions from @everyone and the
// member's roles, Administrator short-circuits, then channel overwrites in the order
// @everyone → roles (OR'ed together) → member; a timed-out member keeps only View Channel
// and Read Message History ("Permissions For Timed Out Members"), whatever the overwrites
// say, unless they own the guild or are administrators. Pure: the caller supplies the
// data, and the time.

export const Permission = {
  CreateInstantInvite: 1n << 0n,
  KickMembers: 1n << 1n,
  BanMembers: 1n << 2n,
  Administrator: 1n << 3n,
  ManageChannels: 1n << 4n,
  ManageGuild: 1n << 5n,
  AddReactions: 1n << 6n,
  ViewAuditLog: 1n << 7n,
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  SendTTSMessages: 1n << 12n,
  ManageMessages: 1n << 13n,
  EmbedLinks: 1n << 14n,
  AttachFiles: 1n << 15n,
  ReadMessageHistory: 1n << 16n,
  MentionEveryone: 1n << 17n,
  ManageRoles: 1n << 28n,
  ManageThreads: 1n << 34n,
  CreatePublicThreads: 1n << 35n,
  CreatePrivateThreads: 1n << 36n,
  SendMessagesInThreads: 1n << 38n,
} as const;

export type PermissionName = keyof typeof Permission;

export const ALL_PERMISSIONS = (1n << 64n) - 1n;

export interface Overwrite {
  id: string;
  /** 0 = role, 1 = member */
  type: 0 | 1;
  allow: bigint;
  deny: bigint;
}

export interface GuildPermissionInput {
  guildId: string;
  ownerId: string;
  /** role id → permissions; must contain the @everyone role (id = guild id) */
  rolePermissions: ReadonlyMap<string, bigint>;
}

export interface MemberInput {
  userId: string;
  roleIds: readonly string[];
  /** `communication_disabled_until` lies in the future (see isTimedOut). */
  timedOut?: boolean;
}

/** What a timed-out member keeps. */
export const TIMED_OUT_PERMISSIONS = Permission.ViewChannel | Permission.ReadMessageHistory;

/** Whether a member's `communication_disabled_until` (epoch ms, null when none) lies after `now`. */
export function isTimedOut(until: number | null | undefined, now: number): boolean {
  return typeof until === 'number' && until > now;
}

/** `communication_disabled_until` as epoch ms; null when absent, null or unreadable. */
export function timeoutUntil(value: string | null | undefined): number | null {
  if (typeof value !== 'string') return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/** Guild-level permissions of a member, before any channel overwrite. */
export function basePermissions(guild: GuildPermissionInput, member: MemberInput): bigint {
  if (member.userId === guild.ownerId) return ALL_PERMISSIONS;
  let perms = guild.rolePermissions.get(guild.guildId) ?? 0n;
  for (const roleId of member.roleIds) perms |= guild.rolePermissions.get(roleId) ?? 0n;
  if (perms & Permission.Administrator) return ALL_PERMISSIONS;
  return member.timedOut ? perms & TIMED_OUT_PERMISSIONS : perms;
}

/** Applies a channel's overwrites to base permissions, in Discord's order. */
export function applyOverwrites(
  base: bigint,
  guildId: string,
  member: MemberInput,
  overwrites: readonly Overwrite[],
): bigint {
  if (base & Permission.Administrator) return ALL_PERMISSIONS;
  let perms = base;
  const everyone = overwrites.find((o) => o.type === 0 && o.id === guildId);
  if (everyone) perms = (perms & ~everyone.deny) | everyone.allow;
  let allow = 0n;
  let deny = 0n;
  for (const o of overwrites) {
    if (o.type === 0 && o.id !== guildId && member.roleIds.includes(o.id)) {
      allow |= o.allow;
      deny |= o.deny;
    }
  }
  perms = (perms & ~deny) | allow;
  const own = overwrites.find((o) => o.type === 1 && o.id === member.userId);
  if (own) perms = (perms & ~own.deny) | own.allow;
  // Overwrites cannot give back what a timeout takes.
  return member.timedOut ? perms & TIMED_OUT_PERMISSIONS : perms;
}

export interface ChannelPermissionOptions {
  /**
   * For editing one's own message, which needs no Send Messages: the permissions that
   * only Send Messages' absence cancels (embed, attach, mention everyone, TTS) count as
   * they are. Discord's docs: they "are not explicitly denied when doing permissions
   * calculations, but they are ignored because the user cannot do the base action of
   * sending messages", and an edit is not sending.
   */
  editing?: boolean;
}

/**
 * Permissions of a member in a channel. Without View Channel a member has nothing in
 * it; without Send Messages it cannot mention everyone, send TTS, embed or attach
 * (Discord's implicit permissions), except when `editing` its own message.
 */
export function channelPermissions(
  guild: GuildPermissionInput,
  member: MemberInput,
  overwrites: readonly Overwrite[],
  opts: ChannelPermissionOptions = {},
): bigint {
  const base = basePermissions(guild, member);
  if (base === ALL_PERMISSIONS) return ALL_PERMISSIONS;
  let perms = applyOverwrites(base, guild.guildId, member, overwrites);
  if (perms === ALL_PERMISSIONS) return perms;
  if (!(perms & Permission.ViewChannel)) return 0n;
  if (!(perms & Permission.SendMessages) && !opts.editing) {
    perms &= ~(Permission.MentionEveryone | Permission.SendTTSMessages | Permission.EmbedLinks | Permission.AttachFiles);
  }
  return perms;
}

/** The named permissions of `required` that `have` lacks, in the order given. */
export function missingPermissions(have: bigint, required: readonly PermissionName[]): PermissionName[] {
  return required.filter((name) => (have & Permission[name]) === 0n);
}
