/**
 * Permission bits and the computation order from the Discord documentation,
 * page "Permissions" (sections "Bitwise Permission Flags", "Permission
 * Overwrites", "Implicit Permissions", "Inherited Permissions (Threads)").
 * Everything is bigint; strings only at the edges.
 */

export const P = {
  CREATE_INSTANT_INVITE: 1n << 0n,
  KICK_MEMBERS: 1n << 1n,
  BAN_MEMBERS: 1n << 2n,
  ADMINISTRATOR: 1n << 3n,
  MANAGE_CHANNELS: 1n << 4n,
  MANAGE_GUILD: 1n << 5n,
  ADD_REACTIONS: 1n << 6n,
  VIEW_AUDIT_LOG: 1n << 7n,
  PRIORITY_SPEAKER: 1n << 8n,
  STREAM: 1n << 9n,
  VIEW_CHANNEL: 1n << 10n,
  SEND_MESSAGES: 1n << 11n,
  SEND_TTS_MESSAGES: 1n << 12n,
  MANAGE_MESSAGES: 1n << 13n,
  EMBED_LINKS: 1n << 14n,
  ATTACH_FILES: 1n << 15n,
  READ_MESSAGE_HISTORY: 1n << 16n,
  MENTION_EVERYONE: 1n << 17n,
  USE_EXTERNAL_EMOJIS: 1n << 18n,
  VIEW_GUILD_INSIGHTS: 1n << 19n,
  CONNECT: 1n << 20n,
  SPEAK: 1n << 21n,
  MUTE_MEMBERS: 1n << 22n,
  DEAFEN_MEMBERS: 1n << 23n,
  MOVE_MEMBERS: 1n << 24n,
  USE_VAD: 1n << 25n,
  CHANGE_NICKNAME: 1n << 26n,
  MANAGE_NICKNAMES: 1n << 27n,
  MANAGE_ROLES: 1n << 28n,
  MANAGE_WEBHOOKS: 1n << 29n,
  MANAGE_GUILD_EXPRESSIONS: 1n << 30n,
  USE_APPLICATION_COMMANDS: 1n << 31n,
  REQUEST_TO_SPEAK: 1n << 32n,
  MANAGE_EVENTS: 1n << 33n,
  MANAGE_THREADS: 1n << 34n,
  CREATE_PUBLIC_THREADS: 1n << 35n,
  CREATE_PRIVATE_THREADS: 1n << 36n,
  USE_EXTERNAL_STICKERS: 1n << 37n,
  SEND_MESSAGES_IN_THREADS: 1n << 38n,
  USE_EMBEDDED_ACTIVITIES: 1n << 39n,
  MODERATE_MEMBERS: 1n << 40n,
  VIEW_CREATOR_MONETIZATION_ANALYTICS: 1n << 41n,
  USE_SOUNDBOARD: 1n << 42n,
  CREATE_GUILD_EXPRESSIONS: 1n << 43n,
  CREATE_EVENTS: 1n << 44n,
  USE_EXTERNAL_SOUNDS: 1n << 45n,
  SEND_VOICE_MESSAGES: 1n << 46n,
  SET_VOICE_CHANNEL_STATUS: 1n << 48n,
  SEND_POLLS: 1n << 49n,
  USE_EXTERNAL_APPS: 1n << 50n,
  PIN_MESSAGES: 1n << 51n,
  BYPASS_SLOWMODE: 1n << 52n,
} as const;

export type PermissionName = keyof typeof P;

export const ALL_PERMISSIONS: bigint = Object.values(P).reduce((acc, bit) => acc | bit, 0n);

/** What a new guild's @everyone role gets in the emulator (a typical default set). */
export const DEFAULT_EVERYONE_PERMISSIONS: bigint =
  P.CREATE_INSTANT_INVITE | P.ADD_REACTIONS | P.STREAM | P.VIEW_CHANNEL | P.SEND_MESSAGES |
  P.SEND_TTS_MESSAGES | P.EMBED_LINKS | P.ATTACH_FILES | P.READ_MESSAGE_HISTORY | P.MENTION_EVERYONE |
  P.USE_EXTERNAL_EMOJIS | P.CONNECT | P.SPEAK | P.USE_VAD | P.CHANGE_NICKNAME |
  P.USE_APPLICATION_COMMANDS | P.REQUEST_TO_SPEAK | P.CREATE_PUBLIC_THREADS | P.CREATE_PRIVATE_THREADS |
  P.USE_EXTERNAL_STICKERS | P.SEND_MESSAGES_IN_THREADS | P.USE_EMBEDDED_ACTIVITIES | P.USE_SOUNDBOARD |
  P.USE_EXTERNAL_SOUNDS | P.SEND_VOICE_MESSAGES | P.SEND_POLLS | P.USE_EXTERNAL_APPS;

/** Accepts bigint, decimal string or safe integer; rejects anything else. */
export function toPermissionBits(value: bigint | string | number | null | undefined): bigint {
  if (value === null || value === undefined) return 0n;
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0) throw new TypeError(`invalid permission value ${value}`);
    return BigInt(value);
  }
  if (!/^\d+$/.test(value)) throw new TypeError(`invalid permission value ${JSON.stringify(value)}`);
  return BigInt(value);
}

export interface RoleLike {
  id: string;
  permissions: string;
}

export interface OverwriteLike {
  id: string;
  type: 0 | 1;
  allow: string;
  deny: string;
}

export interface PermissionContext {
  guildId: string;
  ownerId: string;
  /** All guild roles by id (must include @everyone, whose id is the guild id). */
  roles: ReadonlyMap<string, RoleLike>;
  userId: string;
  /** The member's role ids, without @everyone. */
  memberRoleIds: readonly string[];
  /** `communication_disabled_until` is in the future ("Permissions For Timed Out Members"). */
  timedOut?: boolean;
}

/** What a timed-out member keeps: "all permissions except VIEW_CHANNEL and READ_MESSAGE_HISTORY" are lost. */
export const TIMED_OUT_PERMISSIONS: bigint = P.VIEW_CHANNEL | P.READ_MESSAGE_HISTORY;

/** Guild-level permissions ("compute_base_permissions" in the docs). */
export function computeBasePermissions(ctx: PermissionContext): bigint {
  if (ctx.userId === ctx.ownerId) return ALL_PERMISSIONS;
  const everyone = ctx.roles.get(ctx.guildId);
  let permissions = everyone ? BigInt(everyone.permissions) : 0n;
  for (const roleId of ctx.memberRoleIds) {
    const role = ctx.roles.get(roleId);
    if (role) permissions |= BigInt(role.permissions);
  }
  if ((permissions & P.ADMINISTRATOR) === P.ADMINISTRATOR) return ALL_PERMISSIONS;
  // Owners and ADMINISTRATOR holders are exempt from a timeout (returned above).
  if (ctx.timedOut) permissions &= TIMED_OUT_PERMISSIONS;
  return permissions;
}

/** Channel overwrites applied on top of base permissions ("compute_overwrites"). */
export function applyOverwrites(
  base: bigint,
  ctx: PermissionContext,
  overwrites: readonly OverwriteLike[],
): bigint {
  if ((base & P.ADMINISTRATOR) === P.ADMINISTRATOR) return ALL_PERMISSIONS;
  let permissions = base;
  const byId = new Map(overwrites.map((o) => [o.id, o]));

  const everyone = byId.get(ctx.guildId);
  if (everyone) {
    permissions &= ~BigInt(everyone.deny);
    permissions |= BigInt(everyone.allow);
  }

  let allow = 0n;
  let deny = 0n;
  for (const roleId of ctx.memberRoleIds) {
    const o = byId.get(roleId);
    if (o && o.type === 0) {
      allow |= BigInt(o.allow);
      deny |= BigInt(o.deny);
    }
  }
  permissions &= ~deny;
  permissions |= allow;

  const member = byId.get(ctx.userId);
  if (member && member.type === 1) {
    permissions &= ~BigInt(member.deny);
    permissions |= BigInt(member.allow);
  }
  // Overwrites cannot give a timed-out member back what the timeout took.
  if (ctx.timedOut) permissions &= TIMED_OUT_PERMISSIONS;
  return permissions;
}

/**
 * The "Implicit Permissions" rules: without VIEW_CHANNEL nothing else in the
 * channel counts; without SEND_MESSAGES the permissions that only make sense
 * while sending don't count either.
 */
export function applyImplicitPermissions(permissions: bigint, isThread = false): bigint {
  if ((permissions & P.ADMINISTRATOR) === P.ADMINISTRATOR) return permissions;
  if ((permissions & P.VIEW_CHANNEL) === 0n) return 0n;
  const sendBit = isThread ? P.SEND_MESSAGES_IN_THREADS : P.SEND_MESSAGES;
  if ((permissions & sendBit) === 0n) {
    permissions &= ~(P.MENTION_EVERYONE | P.SEND_TTS_MESSAGES | P.ATTACH_FILES | P.EMBED_LINKS);
  }
  return permissions;
}

export function computeChannelPermissions(ctx: PermissionContext, overwrites: readonly OverwriteLike[]): bigint {
  return applyOverwrites(computeBasePermissions(ctx), ctx, overwrites);
}

export function hasPermission(permissions: bigint, bit: bigint): boolean {
  return (permissions & P.ADMINISTRATOR) === P.ADMINISTRATOR || (permissions & bit) === bit;
}

export function permissionNames(permissions: bigint): PermissionName[] {
  return (Object.keys(P) as PermissionName[]).filter((name) => (permissions & P[name]) === P[name]);
}
