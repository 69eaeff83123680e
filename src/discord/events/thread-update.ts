// THREAD_UPDATE of a ticket: remember whether it is archived, lock a ticket that was
// archived without being locked when the bot has Manage Threads (SPEC §8), and log a
// ticket someone reopened (SPEC §10).
import type { APIThreadChannel } from 'discord-api-types/v10';
import { getTicket, setTicketThreadState } from '../../store/tickets.ts';
import { lockArchived, noticeReopened } from '../ticket/actions.ts';
import type { Deps } from '../deps.ts';
import { writeWhenFree } from '../patient-write.ts';

export async function onThreadUpdate(deps: Deps, thread: APIThreadChannel): Promise<void> {
  const guildId = thread.guild_id;
  const meta = thread.thread_metadata;
  const ticket = guildId && meta ? await getTicket(deps.store.db, thread.id) : null;
  if (!guildId || !meta || !ticket) return;
  // Written before anything else is awaited (events are handled concurrently, and the
  // stored state must follow them in the order they came): at once when the database is
  // free, else in arrival order once another program's lock is gone.
  await writeWhenFree(deps, () => setTicketThreadState(deps.store.db, thread.id, { archived: meta.archived, parentId: thread.parent_id ?? null }));
  if (meta.archived && !meta.locked) {
    await lockArchived(deps, guildId, thread.id, { archived: true, locked: false, parentId: thread.parent_id ?? null });
  } else if (!meta.archived && ticket.archived === true) {
    await noticeReopened(deps, guildId, thread.id, meta.archive_timestamp);
  }
}
