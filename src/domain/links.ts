// Links people can click in the Discord client.

export function channelLink(guildId: string, channelId: string): string {
  return `https://discord.com/channels/${guildId}/${channelId}`;
}

export function messageLink(guildId: string, channelId: string, messageId: string): string {
  return `https://discord.com/channels/${guildId}/${channelId}/${messageId}`;
}

export function channelMention(channelId: string): string {
  return `<#${channelId}>`;
}

/** An inbox is its message: the link to it. */
export function inboxLink(guildId: string, inbox: { id: string; channelId: string }): string {
  return messageLink(guildId, inbox.channelId, inbox.id);
}
