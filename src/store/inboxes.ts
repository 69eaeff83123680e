// Inboxes: a message with a Create Ticket button, its settings and its staff.
// Rows are keyed by the inbox message's id; the message row (and its channel and
// guild) is created with it, and deleting the message deletes the inbox.
import type Database from 'better-sqlite3-multiple-ciphers';
import { deletedRoleMentions } from '../domain/inbox-staff.ts';
import { ensureChannel, ensureMessage } from './guilds.ts';
import { fromDb, toDb } from './ids.ts';

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

interface Row {
  id: bigint;
  channel_id: bigint;
  guild_id: bigint | null;
  starter_content: string;
  max_tickets_per_user: bigint;
  default_ticket_name: string;
  counter: bigint;
  destination_id: bigint | null;
}

const SELECT = `
  SELECT inbox.id, message.channel_id, channel.guild_id, inbox.starter_content,
         inbox.max_tickets_per_user, inbox.default_ticket_name, inbox.counter, inbox.destination_id
  FROM inbox
  JOIN message ON message.id = inbox.id
  JOIN channel ON channel.id = message.channel_id`;

function toInbox(row: Row): Inbox {
  return {
    id: fromDb(row.id),
    channelId: fromDb(row.channel_id),
    guildId: row.guild_id === null ? null : fromDb(row.guild_id),
    starterContent: row.starter_content,
    maxTicketsPerUser: Number(row.max_tickets_per_user),
    defaultTicketName: row.default_ticket_name,
    counter: Number(row.counter),
    destinationId: row.destination_id === null ? null : fromDb(row.destination_id),
  };
}

function checkMentions(mentions: readonly string[]): void {
  for (const m of mentions) if (!isStaffMention(m)) throw new TypeError(`not a staff mention: ${JSON.stringify(m)}`);
}

export function getInbox(db: Database.Database, messageId: string): Inbox | null {
  const row = db.prepare<[bigint], Row>(`${SELECT} WHERE inbox.id = ?`).get(toDb(messageId));
  return row ? toInbox(row) : null;
}

/**
 * The inbox, when it belongs to this guild. Inboxes the Python bot made may have no guild
 * recorded; they count as the guild's that uses them.
 */
export function getGuildInbox(db: Database.Database, messageId: string, guildId: string): Inbox | null {
  const row = db
    .prepare<[bigint, bigint], Row>(`${SELECT} WHERE inbox.id = ? AND (channel.guild_id IS NULL OR channel.guild_id = ?)`)
    .get(toDb(messageId), toDb(guildId));
  return row ? toInbox(row) : null;
}

export function inboxesInGuild(db: Database.Database, guildId: string): Inbox[] {
  return db.prepare<[bigint], Row>(`${SELECT} WHERE channel.guild_id = ?`).all(toDb(guildId)).map(toInbox);
}

export function createInbox(db: Database.Database, inbox: NewInbox): void {
  checkMentions(inbox.staff);
  db.transaction(() => {
    ensureMessage(db, inbox.messageId, inbox.channelId, inbox.guildId);
    if (inbox.destinationId !== null) ensureChannel(db, inbox.destinationId, inbox.guildId);
    db.prepare('INSERT INTO inbox (id, starter_content, destination_id) VALUES (?, ?, ?)').run(
      toDb(inbox.messageId),
      inbox.starterContent,
      inbox.destinationId === null ? null : toDb(inbox.destinationId),
    );
    const add = db.prepare('INSERT OR IGNORE INTO inbox_staff (inbox_id, mention) VALUES (?, ?)');
    for (const mention of inbox.staff) add.run(toDb(inbox.messageId), mention);
  })();
}

/** null routes tickets back to the inbox's own channel. */
export function setDestination(db: Database.Database, inboxId: string, destinationId: string | null, guildId: string): void {
  db.transaction(() => {
    if (destinationId !== null) ensureChannel(db, destinationId, guildId);
    db.prepare('UPDATE inbox SET destination_id = ? WHERE id = ?').run(
      destinationId === null ? null : toDb(destinationId),
      toDb(inboxId),
    );
  })();
}

export function setStarterContent(db: Database.Database, inboxId: string, content: string): void {
  db.prepare('UPDATE inbox SET starter_content = ? WHERE id = ?').run(content, toDb(inboxId));
}

export function setDefaultTicketName(db: Database.Database, inboxId: string, template: string): void {
  db.prepare('UPDATE inbox SET default_ticket_name = ? WHERE id = ?').run(template, toDb(inboxId));
}

/** Staff mentions in a stable order: roles first, then members, each by id. */
export function getStaff(db: Database.Database, inboxId: string): string[] {
  return db
    .prepare<[bigint], { mention: string }>('SELECT mention FROM inbox_staff WHERE inbox_id = ?')
    .all(toDb(inboxId))
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
export function getCurrentStaff(db: Database.Database, inboxId: string, roleExists: ((roleId: string) => boolean) | null): string[] {
  const staff = getStaff(db, inboxId);
  if (roleExists === null) return staff;
  const gone = deletedRoleMentions(staff, roleExists);
  if (gone.length === 0) return staff;
  updateStaff(db, inboxId, [], gone);
  return staff.filter((mention) => !gone.includes(mention));
}

export function updateStaff(db: Database.Database, inboxId: string, add: readonly string[], remove: readonly string[]): void {
  checkMentions(add);
  checkMentions(remove);
  db.transaction(() => {
    const insert = db.prepare('INSERT OR IGNORE INTO inbox_staff (inbox_id, mention) VALUES (?, ?)');
    const del = db.prepare('DELETE FROM inbox_staff WHERE inbox_id = ? AND mention = ?');
    for (const m of remove) del.run(toDb(inboxId), m);
    for (const m of add) insert.run(toDb(inboxId), m);
  })();
}

export function deleteInbox(db: Database.Database, inboxId: string): void {
  db.prepare('DELETE FROM inbox WHERE id = ?').run(toDb(inboxId));
}

/**
 * Increments the inbox counter and returns the new value. Call inside the same
 * transaction as the ticket row when possible.
 */
export function nextCounter(db: Database.Database, inboxId: string): number {
  const row = db
    .prepare<[bigint], { counter: bigint }>('UPDATE inbox SET counter = counter + 1 WHERE id = ? RETURNING counter')
    .get(toDb(inboxId));
  if (!row) throw new Error(`no inbox ${inboxId}`);
  return Number(row.counter);
}
