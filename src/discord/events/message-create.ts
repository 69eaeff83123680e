// Owner-only text commands, addressed by mentioning the bot:
//   @bot sync [guild_id]   register application commands (globally, or a guild's own set)
//   @bot reload-config     re-read config.toml
import type { GatewayMessageCreateDispatchData } from 'discord-api-types/v10';
import { countLocalizations, registerCommands } from '../sync.ts';
import type { Deps } from '../deps.ts';

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
      if (guildId !== undefined && !/^\d{1,20}$/.test(guildId)) {
        reply = deps.i18n.t(locale, 'owner-unknown-command');
        break;
      }
      // The bot has no guild-specific commands: syncing a guild clears stale ones there.
      const definitions = guildId ? [] : deps.definitions;
      const registered = await registerCommands(deps.rest, deps.app.id, definitions, guildId);
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
        log.warn('Configuration reload failed', { err: error });
        reply = deps.i18n.t(locale, 'owner-reload-config-failed', { error: error instanceof Error ? error.message : String(error) });
      }
      break;
    }
    default:
      reply = deps.i18n.t(locale, 'owner-unknown-command');
  }
  await deps.api.channels.createMessage(message.channel_id, {
    content: reply,
    message_reference: { message_id: message.id, fail_if_not_exists: false },
    allowed_mentions: { parse: [] },
  });
}
