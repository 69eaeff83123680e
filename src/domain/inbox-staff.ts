// Who counts as an inbox's staff. Staff are stored as mentions (`<@user>` or `<@&role>`)
// exactly as the Python original stored them.
import { Permission, type Overwrite } from './permissions.ts';

export type StaffKind = 'user' | 'role';

export interface StaffTarget {
  id: string;
  kind: StaffKind;
}

const MENTION = /^<@(&?)(0|[1-9][0-9]{0,19})>$/;

export function staffMention(target: StaffTarget): string {
  return target.kind === 'role' ? `<@&${target.id}>` : `<@${target.id}>`;
}

/** The id and kind of a stored staff mention; null for anything else. */
export function parseStaffMention(mention: string): StaffTarget | null {
  const m = MENTION.exec(mention);
  if (!m) return null;
  return { id: m[2]!, kind: m[1] === '&' ? 'role' : 'user' };
}

/**
 * The staff a new inbox starts with: every role and member with an explicit Manage
 * Threads allow in the overwrites of the channel where its tickets open. The bot itself
 * is never staff, nor is @everyone (its overwrite has the guild's id).
 */
export function defaultStaff(overwrites: readonly Overwrite[], guildId: string, botUserId: string | null): string[] {
  const out: string[] = [];
  for (const o of overwrites) {
    if ((o.allow & Permission.ManageThreads) === 0n) continue;
    if (o.type === 1 && o.id === botUserId) continue;
    if (o.type === 0 && o.id === guildId) continue;
    out.push(staffMention({ id: o.id, kind: o.type === 0 ? 'role' : 'user' }));
  }
  return out;
}

export interface StaffChange {
  add: string[];
  remove: string[];
}

/** What to add and remove so that the staff become `selected`. Order follows the inputs. */
export function diffStaff(current: readonly string[], selected: readonly string[]): StaffChange {
  const now = new Set(current);
  const next = new Set(selected);
  return {
    add: [...next].filter((m) => !now.has(m)),
    remove: [...now].filter((m) => !next.has(m)),
  };
}

/** Role mentions whose role no longer exists in the guild; members are kept. */
export function deletedRoleMentions(staff: readonly string[], roleExists: (roleId: string) => boolean): string[] {
  return staff.filter((mention) => {
    const target = parseStaffMention(mention);
    return target !== null && target.kind === 'role' && !roleExists(target.id);
  });
}
