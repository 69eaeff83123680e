// Gateway intents under the names discord.py gives them, so that the `[bot.intents]`
// table of an existing config.toml keeps its meaning.
import { GatewayIntentBits } from 'discord-api-types/v10';

/** discord.py's own flags: one Discord intent bit each. */
export const INTENT_FLAGS = {
  guilds: GatewayIntentBits.Guilds,
  members: GatewayIntentBits.GuildMembers,
  moderation: GatewayIntentBits.GuildModeration,
  emojis_and_stickers: GatewayIntentBits.GuildExpressions,
  integrations: GatewayIntentBits.GuildIntegrations,
  webhooks: GatewayIntentBits.GuildWebhooks,
  invites: GatewayIntentBits.GuildInvites,
  voice_states: GatewayIntentBits.GuildVoiceStates,
  presences: GatewayIntentBits.GuildPresences,
  guild_messages: GatewayIntentBits.GuildMessages,
  guild_reactions: GatewayIntentBits.GuildMessageReactions,
  guild_typing: GatewayIntentBits.GuildMessageTyping,
  dm_messages: GatewayIntentBits.DirectMessages,
  dm_reactions: GatewayIntentBits.DirectMessageReactions,
  dm_typing: GatewayIntentBits.DirectMessageTyping,
  message_content: GatewayIntentBits.MessageContent,
  guild_scheduled_events: GatewayIntentBits.GuildScheduledEvents,
  auto_moderation_configuration: GatewayIntentBits.AutoModerationConfiguration,
  auto_moderation_execution: GatewayIntentBits.AutoModerationExecution,
  guild_polls: GatewayIntentBits.GuildMessagePolls,
  dm_polls: GatewayIntentBits.DirectMessagePolls,
} as const satisfies Record<string, number>;

export type IntentName = keyof typeof INTENT_FLAGS;

export const INTENT_NAMES = Object.keys(INTENT_FLAGS) as IntentName[];

/**
 * discord.py's alias flags: setting one sets every flag it stands for. `expressions` is
 * the newer discord.py name of `emojis_and_stickers`; `bans` and `emojis` are older ones.
 */
export const INTENT_ALIASES = {
  bans: ['moderation'],
  emojis: ['emojis_and_stickers'],
  expressions: ['emojis_and_stickers'],
  messages: ['guild_messages', 'dm_messages'],
  reactions: ['guild_reactions', 'dm_reactions'],
  typing: ['guild_typing', 'dm_typing'],
  auto_moderation: ['auto_moderation_configuration', 'auto_moderation_execution'],
  polls: ['guild_polls', 'dm_polls'],
} as const satisfies Record<string, readonly IntentName[]>;

export type IntentAlias = keyof typeof INTENT_ALIASES;

export function isIntentName(name: string): name is IntentName {
  return Object.hasOwn(INTENT_FLAGS, name);
}

export function isIntentAlias(name: string): name is IntentAlias {
  return Object.hasOwn(INTENT_ALIASES, name);
}

/**
 * Resolves a mix of flags and aliases into one value per flag, starting from `base`.
 * Flags are applied first and aliases after them, in the order given: in the original,
 * every flag is already a key of the default table, so an alias the user adds comes last
 * and wins over the flags it covers.
 */
export function resolveIntents(
  base: Readonly<Record<IntentName, boolean>>,
  given: Readonly<Record<string, boolean>>,
): Record<IntentName, boolean> {
  const out = { ...base };
  for (const [name, on] of Object.entries(given)) {
    if (isIntentName(name)) out[name] = on;
    else if (!isIntentAlias(name)) throw new TypeError(`unknown intent ${JSON.stringify(name)}`);
  }
  for (const [name, on] of Object.entries(given)) {
    if (isIntentAlias(name)) for (const flag of INTENT_ALIASES[name]) out[flag] = on;
  }
  return out;
}

/** The gateway `intents` bit field for discord.py-named flags (aliases allowed). */
export function intentBits(intents: Readonly<Record<string, boolean>>): number {
  const none = Object.fromEntries(INTENT_NAMES.map((n) => [n, false])) as Record<IntentName, boolean>;
  const resolved = resolveIntents(none, intents);
  let bits = 0;
  for (const name of INTENT_NAMES) if (resolved[name]) bits |= INTENT_FLAGS[name];
  return bits;
}

export interface PrivilegedIntent {
  /** discord.py name. */
  intent: IntentName;
  bit: number;
  /** The toggle's label on the Bot page of the Discord developer portal. */
  portalName: string;
  /** The config key that turns it off. */
  configKey: string;
}

/** The intents Discord makes a bot enable in the developer portal before it may ask. */
export const PRIVILEGED_INTENTS: readonly PrivilegedIntent[] = [
  {
    intent: 'presences',
    bit: GatewayIntentBits.GuildPresences,
    portalName: 'Presence Intent',
    configKey: 'bot.intents.presences',
  },
  {
    intent: 'members',
    bit: GatewayIntentBits.GuildMembers,
    portalName: 'Server Members Intent',
    configKey: 'bot.intents.members',
  },
  {
    intent: 'message_content',
    bit: GatewayIntentBits.MessageContent,
    portalName: 'Message Content Intent',
    configKey: 'bot.intents.message_content',
  },
];

/**
 * The privileged intents present in `bits`: after a 4014 close ("disallowed intents"),
 * these are the ones the portal may be missing.
 */
export function privilegedIntentsIn(bits: number): PrivilegedIntent[] {
  return PRIVILEGED_INTENTS.filter((p) => (bits & p.bit) !== 0);
}
