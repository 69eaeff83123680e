// THREAD_UPDATE of a ticket: remember whether it is archived, and lock a ticket that was
// archived without being locked when the bot has Manage Threads (SPEC §8).
import type { APIThreadChannel } from 'discord-api-types/v10';
import { getTicket, setTicketThreadState } from '../../store/tickets.ts';
import { lockArchived } from '../ticket/actions.ts';
import type { Deps } from '../deps.ts';

export async function onThreadUpdate(deps: Deps, thread: APIThreadChannel): Promise<void> {
  const guildId = thread.guild_id;
  const meta = thread.thread_metadata;
  if (!guildId || !meta || !getTicket(deps.store.db, thread.id)) return;
  // Before any await: events are handled concurrently, and the stored state must follow
  // them in the order they came.
  setTicketThreadState(deps.store.db, thread.id, { archived: meta.archived, parentId: thread.parent_id ?? null });
  if (meta.archived && !meta.locked) {
    await lockArchived(deps, guildId, thread.id, { archived: true, locked: false, parentId: thread.parent_id ?? null });
  }
}
