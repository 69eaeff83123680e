// Owner-only text commands, addressed by mentioning the bot:
//   @bot sync [guild_id]   register application commands (globally, or a guild's own set)
//   @bot reload-config     re-read config.toml
import { DiscordAPIError } from '@discordjs/rest';
import { Routes, type GatewayMessageCreateDispatchData, type RESTPostAPIChannelMessageJSONBody } from 'discord-api-types/v10';
import { postOnce } from '../rest-policy.ts';
import { countLocalizations, registerCommands } from '../sync.ts';
import type { Deps } from '../deps.ts';

/** A Discord id: a decimal number that fits in 64 bits. */
function isSnowflake(value: string): boolean {
  return /^(0|[1-9][0-9]{0,19})$/.test(value) && BigInt(value) < 1n << 64n;
}

export interface TextCommand {
  name: string;
  args: string[];
}

/** Parses `<@id> name args…` (or `<@!id>`); null when the message does not address the bot. */
export function parseTextCommand(content: string, botUserId: string): TextCommand | null {
  const match = /^\s*<@!?(\d+)>\s*(.*)$/s.exec(content);
  if (!match || match[1] !== botUserId) return null;
  const words = (match[2] ?? '').trim().split(/\s+/).filter(Boolean);
  const [name, ...args] = words;
  if (!name) return null;
  return { name: name.toLowerCase(), args };
}

export async function onMessageCreate(deps: Deps, message: GatewayMessageCreateDispatchData): Promise<void> {
  const botId = deps.state.botUserId;
  if (!botId || message.author.bot) return;
  if (!deps.app.ownerIds.includes(message.author.id)) return;
  const command = parseTextCommand(message.content, botId);
  if (!command) return;
  const locale = message.guild_id ? deps.state.guilds.get(message.guild_id)?.locale : undefined;
  const log = deps.logger.child('owner');

  let reply: string;
  switch (command.name) {
    case 'sync': {
      const guildId = command.args[0];
      if (guildId !== undefined && !isSnowflake(guildId)) {
        reply = deps.i18n.t(locale, 'owner-sync-not-a-guild-id', { value: guildId });
        break;
      }
      // The bot has no guild-specific commands: syncing a guild clears stale ones there.
      const definitions = guildId ? [] : deps.definitions;
      let registered: Awaited<ReturnType<typeof registerCommands>>;
      try {
        registered = await registerCommands(deps.rest, deps.app.id, definitions, guildId);
      } catch (error) {
        if (!(error instanceof DiscordAPIError)) throw error;
        log.warn(`Discord refused to register the commands${guildId ? ` for guild ${guildId}` : ''}`, { err: error });
        const reason = `${error.status}: ${error.message}`;
        reply = guildId
          ? deps.i18n.t(locale, 'owner-sync-guild-refused', { guild: guildId, reason })
          : deps.i18n.t(locale, 'owner-sync-refused', { reason });
        break;
      }
      log.info(`Owner synchronised ${registered.length} commands${guildId ? ` in guild ${guildId}` : ''}.`);
      const counts = { commands: registered.length, localizations: countLocalizations(registered as never) };
      reply = guildId
        ? deps.i18n.t(locale, 'owner-sync-guild-done', { ...counts, guild: guildId })
        : deps.i18n.t(locale, 'owner-sync-done', counts);
      break;
    }
    case 'reload-config':
    case 'config-reload': {
      try {
        deps.config.current = deps.reloadConfig();
        log.info('Configuration reloaded by the owner.');
        reply = deps.i18n.t(locale, 'owner-reload-config-done');
      } catch (error) {
        // The reason names the file's full path: it goes to the log, not to the channel.
        log.warn(`Configuration reload failed: ${error instanceof Error ? error.message : String(error)}`);
        reply = deps.i18n.t(locale, 'owner-reload-config-failed');
      }
      break;
    }
    default:
      reply = deps.i18n.t(locale, 'owner-unknown-command');
  }
  // Sent once and not looked for: an owner who sees no answer can ask again, while a
  // reply posted twice stays in the channel.
  await postOnce({
    rest: deps.rest,
    route: Routes.channelMessages(message.channel_id),
    body: {
      content: reply,
      message_reference: { message_id: message.id, fail_if_not_exists: false },
      allowed_mentions: { parse: [] },
    } satisfies RESTPostAPIChannelMessageJSONBody,
    read: () => undefined,
    what: 'the reply to an owner command',
    log,
    recheckDelayMs: deps.tickets.recheckDelayMs,
  });
}
