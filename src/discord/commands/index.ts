// Every application command the bot registers, in one explicit list.
import type { Translator } from '../../i18n/translate.ts';
import type { CommandDefinition } from '../sync.ts';
import { inboxCommand } from './inbox.ts';
import { localizeChatInput, localizeContextMenu } from './localize.ts';
import { selectMessageCommand } from './selectMessage.ts';

export function buildCommandDefinitions(i18n: Translator): CommandDefinition[] {
  return [localizeChatInput(inboxCommand, i18n), localizeContextMenu(selectMessageCommand, 'select-message', i18n)];
}
