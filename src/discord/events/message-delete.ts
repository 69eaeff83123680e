// MESSAGE_DELETE and MESSAGE_DELETE_BULK: a deleted inbox message deletes the inbox
// (its tickets stay, without an inbox).
import type { GatewayMessageDeleteBulkDispatchData, GatewayMessageDeleteDispatchData } from 'discord-api-types/v10';
import { deleteMessages } from '../../store/guilds.ts';
import type { Deps } from '../deps.ts';

export async function onMessageDelete(deps: Deps, data: GatewayMessageDeleteDispatchData): Promise<void> {
  deleteMessages(deps.store.db, [data.id]);
}

export async function onMessageDeleteBulk(deps: Deps, data: GatewayMessageDeleteBulkDispatchData): Promise<void> {
  deleteMessages(deps.store.db, data.ids);
}
