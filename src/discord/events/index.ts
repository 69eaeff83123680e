// Gateway events the bot reacts to, listed explicitly: the tree is the index.
import type { API } from '@discordjs/core';
import type { REST } from '@discordjs/rest';
import { GatewayDispatchEvents, type GatewayDispatchPayload } from 'discord-api-types/v10';
import type { Config } from '../../config/schema.ts';
import type { Translator } from '../../i18n/translate.ts';
import type { Logger } from '../../log/logger.ts';
import type { Store } from '../../store/store.ts';
import type { BotState } from '../state.ts';
import type { CommandDefinition } from '../sync.ts';
import { handlers } from '../handlers.ts';
import { routeInteraction } from '../router.ts';
import { onMessageCreate } from './messageCreate.ts';

/** Everything a handler may use, built once by the composition root. */
export interface Deps {
  config: { current: Config };
  logger: Logger;
  store: Store;
  i18n: Translator;
  rest: REST;
  api: API;
  state: BotState;
  app: { id: string; ownerIds: string[] };
  definitions: readonly CommandDefinition[];
  reloadConfig: () => Config;
}

export async function handleEvent(deps: Deps, payload: GatewayDispatchPayload): Promise<void> {
  switch (payload.t) {
    case GatewayDispatchEvents.MessageCreate:
      return onMessageCreate(deps, payload.d);
    case GatewayDispatchEvents.InteractionCreate:
      return routeInteraction(deps, handlers, payload.d);
    default:
      return;
  }
}
