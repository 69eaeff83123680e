// Inboxes: a message with a Create Ticket button, its settings and its staff.
// Rows are keyed by the inbox message's id; the message row (and its channel and
// guild) is created with it, and deleting the message deletes the inbox.
import { sql } from 'kysely';
import { deletedRoleMentions } from '../domain/inbox-staff.ts';
import { chunks, type Db } from './db.ts';
import { ensureChannel, ensureMessage } from './guilds.ts';
import { fromDb, fromDbOrNull, toDb } from './ids.ts';
import { int, intOrNull, type InboxRow } from './schema.ts';
import { atomic, writeFault, writeTransaction } from './write.ts';

export interface Inbox {
  /** The inbox message's id. */
  id: string;
  channelId: string;
  guildId: string | null;
  /** '' means the localised default. */
  starterContent: string;
  /** 0 means no limit. */
  maxTicketsPerUser: number;
  /** '' means the default template. */
  defaultTicketName: string;
  counter: number;
  /** Where tickets are created; null means the inbox's own channel. */
  destinationId: string | null;
  /** Seconds between two tickets of one member (the channel's slowmode applies when longer). */
  cooldownSeconds: number;
  /** auto_archive_duration of new tickets in minutes; null leaves it to the channel. */
  autoArchiveMinutes: number | null;
  /** Where ticket events are logged; null for nowhere. */
  logChannelId: string | null;
}

export interface NewInbox {
  messageId: string;
  channelId: string;
  guildId: string;
  starterContent: string;
  destinationId: string | null;
  staff: readonly string[];
}

const MENTION = /^<@&?(0|[1-9][0-9]{0,19})>$/;

/** A staff mention as stored: `<@user id>` or `<@&role id>`. */
export function isStaffMention(mention: string): boolean {
  return MENTION.test(mention);
}

type Row = Omit<InboxRow, 'topic_style'> & { channel_id: InboxRow['id']; guild_id: InboxRow['destination_id'] };

/** The inbox columns with its message's channel and that channel's guild. */
function selectInboxes(db: Db) {
  return db.q
    .selectFrom('inbox')
    .innerJoin('message', 'message.id', 'inbox.id')
    .innerJoin('channel', 'channel.id', 'message.channel_id')
    .select([
      'inbox.id',
      'message.channel_id',
      'channel.guild_id',
      'inbox.starter_content',
      'inbox.max_tickets_per_user',
      'inbox.default_ticket_name',
      'inbox.counter',
      'inbox.destination_id',
      'inbox.cooldown_seconds',
      'inbox.auto_archive_minutes',
      'inbox.log_channel_id',
    ]);
}

function toInbox(row: Row): Inbox {
  return {
    id: fromDb(row.id),
    channelId: fromDb(row.channel_id),
    guildId: fromDbOrNull(row.guild_id),
    starterContent: row.starter_content,
    maxTicketsPerUser: int(row.max_tickets_per_user),
    defaultTicketName: row.default_ticket_name,
    counter: int(row.counter),
    destinationId: fromDbOrNull(row.destination_id),
    cooldownSeconds: int(row.cooldown_seconds),
    autoArchiveMinutes: intOrNull(row.auto_archive_minutes),
    logChannelId: fromDbOrNull(row.log_channel_id),
  };
}

function checkMentions(mentions: readonly string[]): void {
  for (const m of mentions) if (!isStaffMention(m)) throw new TypeError(`not a staff mention: ${JSON.stringify(m)}`);
}

export async function getInbox(db: Db, messageId: string): Promise<Inbox | null> {
  const row = await selectInboxes(db).where('inbox.id', '=', toDb(messageId)).executeTakeFirst();
  return row ? toInbox(row) : null;
}

/**
 * The inbox, when it belongs to this guild. Inboxes the Python bot made may have no guild
 * recorded; they count as the guild's that uses them.
 */
export async function getGuildInbox(db: Db, messageId: string, guildId: string): Promise<Inbox | null> {
  const row = await selectInboxes(db)
    .where('inbox.id', '=', toDb(messageId))
    .where((eb) => eb.or([eb('channel.guild_id', 'is', null), eb('channel.guild_id', '=', toDb(guildId))]))
    .executeTakeFirst();
  return row ? toInbox(row) : null;
}

/** Every inbox, whatever its guild (`theticketbot doctor` checks them all). */
export async function allInboxes(db: Db): Promise<Inbox[]> {
  return (await selectInboxes(db).orderBy('inbox.id').execute()).map(toInbox);
}

export async function inboxesInGuild(db: Db, guildId: string): Promise<Inbox[]> {
  return (await selectInboxes(db).where('channel.guild_id', '=', toDb(guildId)).orderBy('inbox.id').execute()).map(toInbox);
}

export async function createInbox(db: Db, inbox: NewInbox): Promise<void> {
  checkMentions(inbox.staff);
  await atomic(db, async (tx) => {
    await ensureMessage(tx, inbox.messageId, inbox.channelId, inbox.guildId);
    if (inbox.destinationId !== null) await ensureChannel(tx, inbox.destinationId, inbox.guildId);
    await tx.q
      .insertInto('inbox')
      .values({
        id: toDb(inbox.messageId),
        starter_content: inbox.starterContent,
        destination_id: inbox.destinationId === null ? null : toDb(inbox.destinationId),
      })
      .execute();
    await addStaff(tx, inbox.messageId, inbox.staff);
  });
}

/** null routes tickets back to the inbox's own channel. */
export async function setDestination(db: Db, inboxId: string, destinationId: string | null, guildId: string): Promise<void> {
  await atomic(db, async (tx) => {
    if (destinationId !== null) await ensureChannel(tx, destinationId, guildId);
    await tx.q
      .updateTable('inbox')
      .set({ destination_id: destinationId === null ? null : toDb(destinationId) })
      .where('id', '=', toDb(inboxId))
      .execute();
  });
}

export async function setStarterContent(db: Db, inboxId: string, content: string): Promise<void> {
  await atomic(db, (tx) => tx.q.updateTable('inbox').set({ starter_content: content }).where('id', '=', toDb(inboxId)).execute());
}

export async function setDefaultTicketName(db: Db, inboxId: string, template: string): Promise<void> {
  await atomic(db, (tx) => tx.q.updateTable('inbox').set({ default_ticket_name: template }).where('id', '=', toDb(inboxId)).execute());
}

// ---------------------------------------------------------------- settings (/inbox settings)

/** Open tickets per member (0 means no limit) and the cooldown in seconds, together. */
export async function setLimits(db: Db, inboxId: string, limits: { maxTickets: number; cooldownSeconds: number }): Promise<void> {
  await writeTransaction(db, (tx) =>
    tx.q
      .updateTable('inbox')
      .set({ max_tickets_per_user: limits.maxTickets, cooldown_seconds: limits.cooldownSeconds })
      .where('id', '=', toDb(inboxId))
      .execute(),
  );
}

/** null leaves the duration to the channel. */
export async function setAutoArchive(db: Db, inboxId: string, minutes: number | null): Promise<void> {
  await writeTransaction(db, (tx) => tx.q.updateTable('inbox').set({ auto_archive_minutes: minutes }).where('id', '=', toDb(inboxId)).execute());
}

/** null turns the log off. */
export async function setLogChannel(db: Db, inboxId: string, channelId: string | null, guildId: string): Promise<void> {
  await writeTransaction(db, async (tx) => {
    if (channelId !== null) await ensureChannel(tx, channelId, guildId);
    await tx.q
      .updateTable('inbox')
      .set({ log_channel_id: channelId === null ? null : toDb(channelId) })
      .where('id', '=', toDb(inboxId))
      .execute();
  });
}

export interface InboxRoles {
  /** Roles allowed to open tickets; empty means everyone. */
  allowed: string[];
  /** Roles never allowed to open tickets. */
  blocked: string[];
}

export async function getInboxRoles(db: Db, inboxId: string): Promise<InboxRoles> {
  const rows = await db.q.selectFrom('inbox_role').select(['role_id', 'allowed']).where('inbox_id', '=', toDb(inboxId)).orderBy('role_id').execute();
  return {
    allowed: rows.filter((r) => int(r.allowed) !== 0).map((r) => fromDb(r.role_id)),
    blocked: rows.filter((r) => int(r.allowed) === 0).map((r) => fromDb(r.role_id)),
  };
}

/** Replaces the allowed (or the blocked) roles of an inbox. */
export async function setInboxRoles(db: Db, inboxId: string, kind: 'allowed' | 'blocked', roleIds: readonly string[]): Promise<void> {
  const allowed = kind === 'allowed' ? 1 : 0;
  const ids = [...new Set(roleIds.map(toDb))];
  await writeTransaction(db, async (tx) => {
    await tx.q.deleteFrom('inbox_role').where('inbox_id', '=', toDb(inboxId)).where('allowed', '=', allowed).execute();
    for (const part of chunks(ids)) {
      await tx.q
        .insertInto('inbox_role')
        .values(part.map((role_id) => ({ inbox_id: toDb(inboxId), role_id, allowed })))
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
  });
}

/** Staff mentions in a stable order: roles first, then members, each by id. */
export async function getStaff(db: Db, inboxId: string): Promise<string[]> {
  const rows = await db.q.selectFrom('inbox_staff').select('mention').where('inbox_id', '=', toDb(inboxId)).execute();
  return rows
    .map((r) => r.mention)
    .sort((a, b) => {
      const roleA = a.startsWith('<@&') ? 0 : 1;
      const roleB = b.startsWith('<@&') ? 0 : 1;
      if (roleA !== roleB) return roleA - roleB;
      const idA = BigInt(a.replace(/\D/g, ''));
      const idB = BigInt(b.replace(/\D/g, ''));
      return idA < idB ? -1 : idA > idB ? 1 : 0;
    });
}

/**
 * The staff, after dropping role mentions whose role no longer exists (`roleExists` is
 * null when the guild's roles are unknown: then nothing is dropped).
 */
export async function getCurrentStaff(db: Db, inboxId: string, roleExists: ((roleId: string) => boolean) | null): Promise<string[]> {
  const staff = await getStaff(db, inboxId);
  if (roleExists === null) return staff;
  const gone = deletedRoleMentions(staff, roleExists);
  if (gone.length === 0) return staff;
  try {
    await updateStaff(db, inboxId, [], gone);
  } catch (error) {
    // Tidying only: while the database is locked or cannot be written, the next read drops them.
    if (writeFault(error) === null) throw error;
  }
  return staff.filter((mention) => !gone.includes(mention));
}

async function addStaff(tx: Db, inboxId: string, mentions: readonly string[]): Promise<void> {
  const unique = [...new Set(mentions)];
  for (const part of chunks(unique)) {
    await tx.q
      .insertInto('inbox_staff')
      .values(part.map((mention) => ({ inbox_id: toDb(inboxId), mention })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}

export async function updateStaff(db: Db, inboxId: string, add: readonly string[], remove: readonly string[]): Promise<void> {
  checkMentions(add);
  checkMentions(remove);
  await atomic(db, async (tx) => {
    for (const part of chunks(remove)) {
      await tx.q.deleteFrom('inbox_staff').where('inbox_id', '=', toDb(inboxId)).where('mention', 'in', part).execute();
    }
    await addStaff(tx, inboxId, add);
  });
}

export async function deleteInbox(db: Db, inboxId: string): Promise<void> {
  await atomic(db, (tx) => tx.q.deleteFrom('inbox').where('id', '=', toDb(inboxId)).execute());
}

/**
 * Increments the inbox counter and returns the new value. Call inside the same
 * transaction as the ticket row when possible.
 */
export async function nextCounter(db: Db, inboxId: string): Promise<number> {
  const row = await db.q
    .updateTable('inbox')
    .set({ counter: sql<number>`counter + 1` })
    .where('id', '=', toDb(inboxId))
    .returning('counter')
    .executeTakeFirst();
  if (!row) throw new Error(`no inbox ${inboxId}`);
  return int(row.counter);
}
