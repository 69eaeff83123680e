// Interaction → handler. The one place where errors become replies: a UserError is a
// localised ephemeral sentence, anything else an "unexpected error" with a code that
// the log line carries too.
import {
  ComponentType,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  Routes,
  type APIInteraction,
  type APIInteractionResponseCallbackData,
  type APIModalInteractionResponseCallbackData,
} from 'discord-api-types/v10';
import { DiscordAPIError } from '@discordjs/rest';
import { newErrorCode, UserError } from '../domain/errors.ts';
import type { Deps } from './deps.ts';

export interface Reply {
  /** Sends the initial response, or edits it when one was already sent. */
  send(data: APIInteractionResponseCallbackData): Promise<void>;
  /** Acknowledges within Discord's 3 s; the reply comes later with send(). */
  defer(ephemeral: boolean): Promise<void>;
  /** Answers with a modal; only an initial response can be one. */
  modal(data: APIModalInteractionResponseCallbackData): Promise<void>;
  readonly responded: boolean;
}

/** Who acted, worked out once by the router. */
export interface Actor {
  userId: string;
  username: string;
  /** Server nickname, else global display name, else username. */
  displayName: string;
  /** The guild they acted in as a member; null outside a guild. */
  guildId: string | null;
  /** Their permissions in the interaction's channel, as Discord computed them; null when not given. */
  permissions: bigint | null;
  /** Their role ids in that guild; empty outside a guild. */
  roles: readonly string[];
}

export interface GuildActor extends Actor {
  guildId: string;
}

export interface InteractionContext {
  deps: Deps;
  interaction: APIInteraction;
  actor: Actor;
  /** Locale for the person who acted. */
  locale: string;
  /** Locale for what everyone in the guild sees. */
  guildLocale: string;
  reply: Reply;
  t(id: string, args?: Record<string, string | number>): string;
}

export type InteractionHandler = (ctx: InteractionContext) => Promise<void>;

/** The actor of a handler only guilds can reach (its command is registered for guilds only); anything else is a bug worth an error code. */
export function guildActor(ctx: InteractionContext): GuildActor {
  if (ctx.actor.guildId === null) throw new Error(`interaction ${ctx.interaction.id} did not come from a guild member`);
  return ctx.actor as GuildActor;
}

/** A reply only the person who acted sees, pinging nobody. */
export function ephemeral(content: string, extra: Omit<APIInteractionResponseCallbackData, 'content'> = {}): APIInteractionResponseCallbackData {
  return { content, flags: MessageFlags.Ephemeral, allowed_mentions: { parse: [] }, ...extra };
}

/** Who acted: the member (in a guild) or the user; null when the interaction names nobody. */
function actorOf(interaction: APIInteraction): Actor | null {
  const member = interaction.member;
  const user = member?.user ?? interaction.user;
  if (!user) return null;
  const inGuild = interaction.guild_id !== undefined && member !== undefined;
  return {
    userId: user.id,
    username: user.username,
    displayName: member?.nick || user.global_name || user.username,
    guildId: inGuild ? interaction.guild_id! : null,
    permissions: inGuild && typeof member.permissions === 'string' ? BigInt(member.permissions) : null,
    roles: inGuild ? (member.roles ?? []) : [],
  };
}

export interface Handlers {
  /** Chat-input and context-menu commands by their en-US name. */
  commands: ReadonlyMap<string, InteractionHandler>;
  /** Buttons and selects by custom-id prefix (the part before the first ':'). */
  components: ReadonlyMap<string, InteractionHandler>;
  /** Modal submissions by custom-id prefix. */
  modals: ReadonlyMap<string, InteractionHandler>;
}

export function customIdPrefix(customId: string): string {
  const i = customId.indexOf(':');
  return i < 0 ? customId : customId.slice(0, i);
}

/** The interaction types Discord documents; a reply to any other might be refused, so it gets none. */
const KNOWN_TYPES: ReadonlySet<number> = new Set([
  InteractionType.Ping,
  InteractionType.ApplicationCommand,
  InteractionType.MessageComponent,
  InteractionType.ApplicationCommandAutocomplete,
  InteractionType.ModalSubmit,
]);

/** Components a person can use: buttons and the selects. */
const USABLE_COMPONENTS: ReadonlySet<unknown> = new Set([
  ComponentType.Button,
  ComponentType.StringSelect,
  ComponentType.UserSelect,
  ComponentType.RoleSelect,
  ComponentType.MentionableSelect,
  ComponentType.ChannelSelect,
]);

/** What keeps `data` from being routed (it comes from the gateway unchecked), or null. */
function dataProblem(interaction: APIInteraction): string | null {
  const data: unknown = (interaction as { data?: unknown }).data;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return 'data is missing';
  const { name, custom_id: customId, component_type: componentType } = data as Record<string, unknown>;
  switch (interaction.type) {
    case InteractionType.ApplicationCommand:
    case InteractionType.ApplicationCommandAutocomplete:
      return typeof name === 'string' ? null : 'data.name is not a string';
    case InteractionType.MessageComponent:
      if (typeof customId !== 'string') return 'data.custom_id is not a string';
      return USABLE_COMPONENTS.has(componentType) ? null : `unknown component type ${typeof componentType === 'number' ? componentType : typeof componentType}`;
    case InteractionType.ModalSubmit:
      return typeof customId === 'string' ? null : 'data.custom_id is not a string';
    default:
      return null;
  }
}

function handlerFor(handlers: Handlers, interaction: APIInteraction): InteractionHandler | undefined {
  switch (interaction.type) {
    case InteractionType.ApplicationCommand:
      return handlers.commands.get(interaction.data.name);
    case InteractionType.MessageComponent:
      return handlers.components.get(customIdPrefix(interaction.data.custom_id));
    case InteractionType.ModalSubmit:
      return handlers.modals.get(customIdPrefix(interaction.data.custom_id));
    default:
      return undefined;
  }
}

/** 40060: the interaction already has its initial response. */
const ALREADY_ACKNOWLEDGED = 40060;

/**
 * Sends an initial response. Returns false when Discord says the interaction was already
 * acknowledged: an earlier try of ours got through but its answer was lost (a 5xx from the
 * edge or a timeout, after which the client tried again), so the response is there.
 */
async function acknowledge(send: () => Promise<unknown>): Promise<boolean> {
  try {
    await send();
    return true;
  } catch (error) {
    if (error instanceof DiscordAPIError && error.code === ALREADY_ACKNOWLEDGED) return false;
    throw error;
  }
}

export function createReply(deps: Deps, interaction: APIInteraction): Reply {
  let responded = false;
  return {
    get responded() {
      return responded;
    },
    async defer(ephemeral) {
      await acknowledge(() => deps.interactions.defer(interaction.id, interaction.token, ephemeral ? { flags: MessageFlags.Ephemeral } : {}));
      responded = true;
    },
    async modal(data) {
      await acknowledge(() =>
        deps.interactionRest.post(Routes.interactionCallback(interaction.id, interaction.token), {
          body: { type: InteractionResponseType.Modal, data },
          auth: false,
        }),
      );
      responded = true;
    },
    async send(data) {
      if (responded) {
        await deps.interactions.editReply(interaction.application_id, interaction.token, data);
        return;
      }
      const sent = await acknowledge(() =>
        deps.interactionRest.post(Routes.interactionCallback(interaction.id, interaction.token), {
          body: { type: InteractionResponseType.ChannelMessageWithSource, data },
          auth: false,
        }),
      );
      responded = true;
      // The response that got through may be an earlier one (the "creating…" whose answer
      // was lost before this error reply): make it say this.
      if (!sent) await deps.interactions.editReply(interaction.application_id, interaction.token, data);
    },
  };
}

export async function routeInteraction(deps: Deps, handlers: Handlers, interaction: APIInteraction): Promise<void> {
  const log = deps.logger.child('interactions');
  if (!KNOWN_TYPES.has(interaction.type)) {
    log.warn('Ignoring an interaction of a type the bot does not know; no reply is sent', { type: interaction.type, id: interaction.id });
    return;
  }
  if (interaction.type === InteractionType.Ping) {
    log.debug('Ignoring a PING interaction: Discord sends those to HTTP endpoints only', { id: interaction.id });
    return;
  }
  const locale = deps.i18n.resolve(interaction.locale);
  const guildLocale = deps.i18n.resolve(
    interaction.guild_locale ?? (interaction.guild_id ? deps.state.guilds.get(interaction.guild_id)?.locale : undefined),
  );
  const reply = createReply(deps, interaction);
  const t = (id: string, args?: Record<string, string | number>): string => deps.i18n.t(locale, id, args);
  const actor = actorOf(interaction);
  const problem = actor === null ? 'neither member nor user is given' : dataProblem(interaction);
  const handler = problem === null ? handlerFor(handlers, interaction) : undefined;
  if (!handler) {
    if (problem !== null) log.warn('An interaction the bot cannot route', { type: interaction.type, id: interaction.id, problem });
    else log.debug('No handler for an interaction', { type: interaction.type, id: interaction.id });
    // Autocomplete cannot take a message reply; everything else is told plainly.
    if (interaction.type !== InteractionType.ApplicationCommandAutocomplete) {
      await reply.send(ephemeral(t('error-unknown-interaction'))).catch((error: unknown) => log.warn('Could not answer an unknown interaction', { err: error }));
    }
    return;
  }
  const ctx: InteractionContext = { deps, interaction, actor: actor!, locale, guildLocale, reply, t };
  try {
    await handler(ctx);
  } catch (error) {
    let content: string;
    if (error instanceof UserError) {
      content = ctx.t(error.messageId, error.args);
    } else {
      const code = newErrorCode();
      const owner = deps.app.ownerIds[0];
      log.error(`Unexpected error ${code} while handling an interaction`, { code, err: error, interaction: interaction.id });
      content = ctx.t('error-unexpected', { code, owner: owner ? `<@${owner}>` : '-' });
    }
    await reply.send(ephemeral(content)).catch((sendError: unknown) => {
      log.warn('Could not send the error reply', { err: sendError });
    });
  }
}
