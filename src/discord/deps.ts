// What every handler may use, built once by the composition root (main.ts) and passed
// down. Types only: importing it never loads the dispatcher or a handler.
import type { API } from '@discordjs/core';
import type { REST } from '@discordjs/rest';
import type { Config } from '../config/schema.ts';
import type { RecentIds } from '../domain/recent-ids.ts';
import type { PendingSelections } from '../store/selections.ts';
import type { Translator } from '../i18n/translate.ts';
import type { Logger } from '../log/logger.ts';
import type { Recorder } from '../ops/recorder.ts';
import type { Store } from '../store/store.ts';
import type { BotState } from './state.ts';
import type { CommandDefinition } from './sync.ts';
import type { TicketRuntime } from './ticket/runtime.ts';

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
  /**
   * Thread renames only, through their own client that fails fast on a long rate limit
   * (rest-policy.ts failLongRenameWaits) instead of waiting minutes in silence.
   */
  renameRest: REST;
  state: BotState;
  app: { id: string; ownerIds: string[] };
  definitions: readonly CommandDefinition[];
  reloadConfig: () => Config;
  /** Requests waiting for the admin's "Select this message", per (guild, admin); in the database, so any process may take them. */
  selections: PendingSelections;
  /**
   * Interaction ids handled lately: a copy of one delivered again is ignored. In memory:
   * Discord delivers an interaction to one shard's session, so a copy comes to the same
   * process.
   */
  interactionsSeen: RecentIds;
  /** Locks and in-flight state of the ticket flow in this process. */
  tickets: TicketRuntime;
  /** Counts for the metrics; empty methods when [metrics] is off. */
  metrics: Recorder;
}
