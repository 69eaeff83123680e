// The door for gateway payloads: each dispatch the bot reads is checked here, once,
// against the fields the state cache and the handlers rely on, before either sees it.
// A payload that does not fit is logged and dropped whole, so nothing half-applies.
// Ids must be snowflake strings: a number has already lost precision and is refused,
// never converted. Fields the bot never reads are not checked.
import { GatewayDispatchEvents } from 'discord-api-types/v10';

/** Checks one value; returns what is wrong with it (naming its path), or null. */
type Shape = (value: unknown, path: string) => string | null;

const INT64_MAX = 2n ** 63n - 1n;
const SNOWFLAKE = /^(0|[1-9][0-9]{0,19})$/;

/** A Discord id as the bot keeps it: a decimal string that the store can hold. */
export function isSnowflake(value: unknown): value is string {
  return typeof value === 'string' && SNOWFLAKE.test(value) && BigInt(value) <= INT64_MAX;
}

function kind(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Values are never quoted in problems: they may be message content.
const expect = (what: string, test: (v: unknown) => boolean): Shape => (v, p) =>
  test(v) ? null : `${p} should be ${what}, got ${typeof v === 'string' ? 'a string of another form' : kind(v)}`;

const snowflake = expect('an id string', isSnowflake);
const bitfield = expect('a permission string', (v) => typeof v === 'string' && /^[0-9]{1,40}$/.test(v));
const string = expect('a string', (v) => typeof v === 'string');
const boolean = expect('a boolean', (v) => typeof v === 'boolean');
const integer = expect('an integer', (v) => typeof v === 'number' && Number.isSafeInteger(v));

const optional = (shape: Shape): Shape => (v, p) => (v === undefined ? null : shape(v, p));
const nullable = (shape: Shape): Shape => (v, p) => (v === null ? null : shape(v, p));

function arrayOf(item: Shape): Shape {
  return (v, p) => {
    if (!Array.isArray(v)) return `${p} should be an array, got ${kind(v)}`;
    for (let i = 0; i < v.length; i++) {
      const problem = item(v[i], `${p}[${i}]`);
      if (problem) return problem;
    }
    return null;
  };
}

/** An object with at least these fields; other fields pass unchecked. */
function object(fields: Record<string, Shape>): Shape {
  return (v, p) => {
    if (!isRecord(v)) return `${p} should be an object, got ${kind(v)}`;
    for (const [key, shape] of Object.entries(fields)) {
      const problem = shape(v[key], `${p}.${key}`);
      if (problem) return problem;
    }
    return null;
  };
}

/** All of the shapes, in order (for objects checked in parts). */
const all = (...shapes: Shape[]): Shape => (v, p) => {
  for (const shape of shapes) {
    const problem = shape(v, p);
    if (problem) return problem;
  }
  return null;
};

function isThreadType(type: unknown): boolean {
  return type === 10 || type === 11 || type === 12;
}

const role = object({ id: snowflake, permissions: bitfield });
const user = object({ id: snowflake });
const overwrite = object({ id: snowflake, type: integer, allow: bitfield, deny: bitfield });

/** What state.ts keeps of a thread. */
const threadFields = object({
  id: snowflake,
  guild_id: optional(snowflake),
  parent_id: snowflake,
  owner_id: optional(snowflake),
  thread_metadata: optional(object({ archived: boolean, locked: boolean })),
});

/** What state.ts keeps of a channel; threads arriving as channels are checked as threads. */
const channel: Shape = (v, p) =>
  all(
    object({
      id: snowflake,
      type: integer,
      guild_id: optional(snowflake),
      parent_id: optional(nullable(snowflake)),
      permission_overwrites: optional(arrayOf(overwrite)),
      rate_limit_per_user: optional(integer),
    }),
    (c) => (isThreadType((c as { type: unknown }).type) ? threadFields(c, p) : null),
  )(v, p);

const thread = all(threadFields, object({ type: integer }));
const guildThread = all(thread, object({ guild_id: snowflake }));

const guildFields = {
  id: snowflake,
  owner_id: snowflake,
  preferred_locale: string,
  roles: arrayOf(role),
};

const guildCreate: Shape = (v, p) => {
  // During an outage Discord sends only the id and `unavailable: true`.
  if (isRecord(v) && v.unavailable === true) return object({ id: snowflake })(v, p);
  return object({
    ...guildFields,
    unavailable: optional(boolean),
    members: optional(arrayOf(object({ user, roles: arrayOf(snowflake) }))),
    channels: optional(arrayOf(channel)),
    threads: optional(arrayOf(thread)),
  })(v, p);
};

/** The person behind an interaction, as the router's actor reads them. */
const actingUser = object({ id: snowflake, username: string, global_name: optional(nullable(string)) });

/** Interaction fields the router and every handler rely on; `data` is the router's business. */
const interaction = object({
  id: snowflake,
  application_id: snowflake,
  type: integer,
  // The token goes into request paths: anything that could change the path is refused.
  token: expect('a token string', (v) => typeof v === 'string' && /^[A-Za-z0-9._~+=-]{1,1000}$/.test(v)),
  guild_id: optional(snowflake),
  channel_id: optional(snowflake),
  member: optional(
    object({
      user: actingUser,
      roles: optional(arrayOf(snowflake)),
      nick: optional(nullable(string)),
      permissions: optional(bitfield),
    }),
  ),
  user: optional(actingUser),
  message: optional(object({ id: snowflake })),
  locale: optional(string),
  guild_locale: optional(string),
  app_permissions: optional(bitfield),
});

/** The events the bot reads, with what it reads of them. */
const SHAPES: Partial<Record<string, Shape>> = {
  [GatewayDispatchEvents.Ready]: object({ user, guilds: arrayOf(object({ id: snowflake })) }),
  [GatewayDispatchEvents.GuildCreate]: guildCreate,
  [GatewayDispatchEvents.GuildUpdate]: object(guildFields),
  [GatewayDispatchEvents.GuildDelete]: object({ id: snowflake, unavailable: optional(boolean) }),
  [GatewayDispatchEvents.GuildRoleCreate]: object({ guild_id: snowflake, role }),
  [GatewayDispatchEvents.GuildRoleUpdate]: object({ guild_id: snowflake, role }),
  [GatewayDispatchEvents.GuildRoleDelete]: object({ guild_id: snowflake, role_id: snowflake }),
  [GatewayDispatchEvents.GuildMemberUpdate]: object({ guild_id: snowflake, user, roles: arrayOf(snowflake) }),
  [GatewayDispatchEvents.GuildMemberRemove]: object({ guild_id: snowflake, user }),
  [GatewayDispatchEvents.ChannelCreate]: channel,
  [GatewayDispatchEvents.ChannelUpdate]: channel,
  [GatewayDispatchEvents.ChannelDelete]: object({ id: snowflake, guild_id: optional(snowflake) }),
  [GatewayDispatchEvents.ThreadCreate]: guildThread,
  [GatewayDispatchEvents.ThreadUpdate]: guildThread,
  [GatewayDispatchEvents.ThreadDelete]: object({ id: snowflake, guild_id: snowflake, parent_id: optional(nullable(snowflake)) }),
  [GatewayDispatchEvents.ThreadListSync]: object({ guild_id: snowflake, channel_ids: optional(arrayOf(snowflake)), threads: arrayOf(thread) }),
  [GatewayDispatchEvents.ThreadMembersUpdate]: object({ id: snowflake, guild_id: snowflake, removed_member_ids: optional(arrayOf(snowflake)) }),
  [GatewayDispatchEvents.MessageCreate]: object({
    id: snowflake,
    channel_id: snowflake,
    guild_id: optional(snowflake),
    author: object({ id: snowflake, bot: optional(boolean) }),
    content: string,
  }),
  [GatewayDispatchEvents.MessageDelete]: object({ id: snowflake, channel_id: snowflake, guild_id: optional(snowflake) }),
  [GatewayDispatchEvents.MessageDeleteBulk]: object({ ids: arrayOf(snowflake), channel_id: snowflake, guild_id: optional(snowflake) }),
  [GatewayDispatchEvents.InteractionCreate]: interaction,
};

const KNOWN_EVENTS: ReadonlySet<string> = new Set(Object.values(GatewayDispatchEvents));

export type DispatchVerdict =
  /** Read it: a known event whose fields fit, or one the bot ignores anyway. */
  | { kind: 'ok' }
  /** An event name Discord may have added since; nothing to do with it. */
  | { kind: 'unknown' }
  | { kind: 'malformed'; problem: string };

/** Decides whether a dispatch may reach the state cache and the handlers. */
export function checkDispatch(payload: { t?: unknown; d?: unknown }): DispatchVerdict {
  const { t, d } = payload;
  if (typeof t !== 'string' || t === '') return { kind: 'malformed', problem: `t should be an event name, got ${t === '' ? 'an empty string' : kind(t)}` };
  if (!KNOWN_EVENTS.has(t)) return { kind: 'unknown' };
  const shape = SHAPES[t];
  const problem = shape ? shape(d, 'd') : null;
  return problem ? { kind: 'malformed', problem } : { kind: 'ok' };
}
