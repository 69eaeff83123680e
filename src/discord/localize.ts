// Fills names, descriptions and their Discord localisations from the Fluent files.
// Ids follow the command path: `cmd-inbox-create-channel-name`, `…-description`;
// context-menu commands use `menu-<key>-name`.
import type { Translator } from '../i18n/translate.ts';
import type { CommandDefinition } from './sync.ts';

interface Node {
  name: string;
  description?: string;
  options?: readonly Node[];
  name_localizations?: Record<string, string>;
  description_localizations?: Record<string, string>;
  [key: string]: unknown;
}

function localizeNode(node: Node, path: string, i18n: Translator): Node {
  const out: Node = { ...node };
  const nameId = `${path}-name`;
  const descriptionId = `${path}-description`;
  out.name = i18n.t('en-US', nameId);
  out.name_localizations = i18n.discordLocalizations(nameId);
  if (node.description !== undefined) {
    out.description = i18n.t('en-US', descriptionId);
    out.description_localizations = i18n.discordLocalizations(descriptionId);
  }
  if (node.options) {
    // Option names are keyed by their en-US name so that a translation never changes an id.
    out.options = node.options.map((child) => localizeNode(child, `${path}-${child.name}`, i18n));
  }
  return out;
}

/** A chat-input command: every name and description comes from `cmd-<path>-…`. */
export function localizeChatInput<T extends CommandDefinition>(definition: T, i18n: Translator): T {
  return localizeNode(definition as unknown as Node, `cmd-${(definition as { name: string }).name}`, i18n) as unknown as T;
}

/** A context-menu command: its name comes from `menu-<key>-name`. */
export function localizeContextMenu<T extends CommandDefinition>(definition: T, key: string, i18n: Translator): T {
  const nameId = `menu-${key}-name`;
  return { ...definition, name: i18n.t('en-US', nameId), name_localizations: i18n.discordLocalizations(nameId) };
}
