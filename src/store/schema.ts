// The tables as Kysely sees them: one interface for SQLite and PostgreSQL. A new table is
// one more entry in Schema (and a migration for each dialect), read and written by the
// store module of its aggregate.
//
// What each driver hands back differs, so the read side of a column admits both:
// - ids (snowflakes, 64-bit): bigint from SQLite (the connection reads integers as
//   bigint), string from PostgreSQL (BIGINT read as text, src/store/postgres.ts); ids.ts
//   turns either into the bot's string, and never through a JS number;
// - small integers: bigint from SQLite, number (INTEGER) or string (BIGINT) from PostgreSQL;
//   `int()` below reads any of them.
// Ids are written as bigint: SQLite binds them as 64-bit integers, pg sends their text.
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** A snowflake column. */
export type IdColumn = ColumnType<bigint | string, bigint, bigint>;
/** A nullable snowflake column. */
export type NullableIdColumn = ColumnType<bigint | string | null, bigint | null | undefined, bigint | null>;
/** An integer that fits a JS number (counters, seconds, flags, epoch milliseconds). */
export type IntColumn = ColumnType<bigint | number | string, bigint | number | undefined, bigint | number>;
export type NullableIntColumn = ColumnType<bigint | number | string | null, bigint | number | null | undefined, bigint | number | null>;

export interface Schema {
  user: { id: IdColumn };
  guild: { id: IdColumn };
  member: { guild_id: IdColumn; user_id: IdColumn };
  channel: { id: IdColumn; guild_id: NullableIdColumn };
  message: { id: IdColumn; channel_id: IdColumn };
  inbox: InboxTable;
  inbox_staff: { inbox_id: IdColumn; mention: string };
  inbox_role: { inbox_id: IdColumn; role_id: IdColumn; allowed: IntColumn };
  ticket: TicketTable;
  pending_ticket: PendingTicketTable;
  /** SQLite's column is untyped (the Python bot's schema); PostgreSQL's is TEXT. */
  setting: { name: string; value: ColumnType<unknown, string, string> };
  cooldown: CooldownTable;
  pending_selection: PendingSelectionTable;
  topic: TopicTable;
  topic_staff: { topic_id: IdColumn; mention: string };
  topic_role: { topic_id: IdColumn; role_id: IdColumn; allowed: IntColumn };
  form_question: FormQuestionTable;
  /** A member's cooldown on a topic that sets its own (the inbox's is in `cooldown`). */
  topic_cooldown: { topic_id: IdColumn; user_id: IdColumn; started_at: IntColumn };
  weekly_run: WeeklyRunTable;
  catch_up_claim: CatchUpClaimTable;
}

/** One shard's weekly clean-up in one week, done by the process that inserted the row (src/store/coordination.ts). */
export interface WeeklyRunTable {
  /** The week's Saturday 00:00 UTC (epoch ms). */
  week_start: IntColumn;
  shard_count: IntColumn;
  shard_id: IntColumn;
  ran_at: IntColumn;
}

/** A process catching up on a guild, until it is done or `expires_at` (epoch ms) passes. */
export interface CatchUpClaimTable {
  guild_id: IdColumn;
  /** The claiming process's instance id (random per start). */
  owner: string;
  expires_at: IntColumn;
}

export interface InboxTable {
  id: IdColumn;
  starter_content: ColumnType<string, string | undefined, string>;
  max_tickets_per_user: IntColumn;
  default_ticket_name: ColumnType<string, string | undefined, string>;
  counter: IntColumn;
  destination_id: NullableIdColumn;
  cooldown_seconds: IntColumn;
  auto_archive_minutes: NullableIntColumn;
  log_channel_id: NullableIdColumn;
  /** 'buttons' or 'select': how the inbox message offers its topics. */
  topic_style: ColumnType<string, string | undefined, string>;
}

export interface TicketTable {
  id: IdColumn;
  inbox_id: NullableIdColumn;
  owner_id: NullableIdColumn;
  parent_id: NullableIdColumn;
  /** 0 open, 1 archived, null not known yet. */
  archived: NullableIntColumn;
  claimed_by: NullableIdColumn;
  /** The topic it was opened from; null for the inbox itself. */
  topic_id: NullableIdColumn;
}

export interface PendingTicketTable {
  id: Generated<bigint | string>;
  inbox_id: IdColumn;
  owner_id: IdColumn;
  parent_id: IdColumn;
  name: string;
  counter: IntColumn;
  created_at: IntColumn;
  thread_id: NullableIdColumn;
  topic_id: NullableIdColumn;
}

/** When a member's last accepted click on an inbox was (epoch ms): the cooldown's start. */
export interface CooldownTable {
  inbox_id: IdColumn;
  user_id: IdColumn;
  started_at: IntColumn;
}

/** An admin's /inbox command waiting for "Select this message" (src/store/selections.ts). */
export interface PendingSelectionTable {
  guild_id: IdColumn;
  user_id: IdColumn;
  /** The request as JSON (ids in it are strings). */
  request: string;
  /** The instruction reply to delete afterwards, as JSON; null when there is none. */
  instruction: string | null;
  expires_at: IntColumn;
}

/** A kind of ticket an inbox offers; every override is null while the inbox's value holds. */
export interface TopicTable {
  /** The table's own integer key, handled like an id (a string in the bot). */
  id: Generated<bigint | string>;
  inbox_id: IdColumn;
  position: IntColumn;
  label: string;
  emoji: string | null;
  destination_id: NullableIdColumn;
  starter_content: string | null;
  ticket_name: string | null;
  max_tickets_per_user: NullableIntColumn;
  cooldown_seconds: NullableIntColumn;
  auto_archive_minutes: NullableIntColumn;
  log_channel_id: NullableIdColumn;
}

/** A question of a topic's intake form. */
export interface FormQuestionTable {
  id: Generated<bigint | string>;
  topic_id: IdColumn;
  position: IntColumn;
  /** 'short', 'paragraph' or 'choice'. */
  kind: string;
  label: string;
  placeholder: ColumnType<string, string | undefined, string>;
  required: IntColumn;
  min_length: NullableIntColumn;
  max_length: NullableIntColumn;
  /** A JSON array of strings for 'choice'; null otherwise. */
  choices: string | null;
}

export type InboxRow = Selectable<InboxTable>;
export type TicketRow = Selectable<TicketTable>;
export type NewTicketRow = Insertable<TicketTable>;

/**
 * Every table copy-db copies, in an order in which rows can be inserted without breaking a
 * foreign key. `catch_up_claim` is left out: its rows are leases of running processes, which
 * a copy would only make the first start on the new database wait out.
 */
export const TABLES_IN_INSERT_ORDER = [
  'user',
  'guild',
  'member',
  'channel',
  'message',
  'inbox',
  'inbox_staff',
  'inbox_role',
  'topic',
  'topic_staff',
  'topic_role',
  'form_question',
  'ticket',
  'pending_ticket',
  'setting',
  'cooldown',
  'pending_selection',
  'topic_cooldown',
  'weekly_run',
] as const satisfies readonly (keyof Schema)[];

/** A small integer column's value as a JS number. */
export function int(value: bigint | number | string): number {
  return typeof value === 'number' ? value : Number(value);
}

/** A nullable small integer column's value. */
export function intOrNull(value: bigint | number | string | null): number | null {
  return value === null ? null : int(value);
}
