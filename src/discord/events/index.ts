// Gateway events the bot reacts to, listed explicitly: the tree is the index.
import type { API } from '@discordjs/core';
import type { REST } from '@discordjs/rest';
import { GatewayDispatchEvents, type GatewayDispatchPayload } from 'discord-api-types/v10';
import type { Config } from '../../config/schema.ts';
import type { Translator } from '../../i18n/translate.ts';
import type { Logger } from '../../log/logger.ts';
import type { Store } from '../../store/store.ts';
import type { PendingSelections } from '../../domain/selection.ts';
import type { BotState } from '../state.ts';
import type { CommandDefinition } from '../sync.ts';
import { handlers } from '../handlers.ts';
import { routeInteraction } from '../router.ts';
import { onMessageCreate } from './messageCreate.ts';
import type { TicketRuntime } from '../tickets.ts';
import { onChannelDelete, onThreadDelete } from './channelDelete.ts';
import { onGuildMemberRemove } from './guildMemberRemove.ts';
import { onMessageDelete, onMessageDeleteBulk } from './messageDelete.ts';
import { onThreadMembersUpdate } from './threadMembersUpdate.ts';
import { onThreadUpdate } from './threadUpdate.ts';

/** Everything a handler may use, built once by the composition root. */
export interface Deps {
  config: { current: Config };
  logger: Logger;
  store: Store;
  i18n: Translator;
  rest: REST;
  api: API;
  /**
   * Interaction endpoints (callbacks, the original response, followups) through their own
   * client: Discord does not count them against the global limit, so they must not wait
   * behind the bot's other requests when it is busy.
   */
  interactionRest: REST;
  interactions: API['interactions'];
  state: BotState;
  app: { id: string; ownerIds: string[] };
  definitions: readonly CommandDefinition[];
  reloadConfig: () => Config;
  /** Requests waiting for the admin's "Select this message", per (guild, admin). */
  selections: PendingSelections;
  /** Locks, cooldowns and in-flight state of the ticket flow. */
  tickets: TicketRuntime;
}

export async function handleEvent(deps: Deps, payload: GatewayDispatchPayload): Promise<void> {
  switch (payload.t) {
    case GatewayDispatchEvents.MessageCreate:
      return onMessageCreate(deps, payload.d);
    case GatewayDispatchEvents.InteractionCreate:
      return routeInteraction(deps, handlers, payload.d);
    case GatewayDispatchEvents.ThreadMembersUpdate:
      return onThreadMembersUpdate(deps, payload.d);
    case GatewayDispatchEvents.GuildMemberRemove:
      return onGuildMemberRemove(deps, payload.d);
    case GatewayDispatchEvents.ThreadUpdate:
      return onThreadUpdate(deps, payload.d);
    case GatewayDispatchEvents.ChannelDelete:
      return onChannelDelete(deps, payload.d);
    case GatewayDispatchEvents.ThreadDelete:
      return onThreadDelete(deps, payload.d);
    case GatewayDispatchEvents.MessageDelete:
      return onMessageDelete(deps, payload.d);
    case GatewayDispatchEvents.MessageDeleteBulk:
      return onMessageDeleteBulk(deps, payload.d);
    default:
      return;
  }
}
