// The ticket card: the starter message with one row of buttons, Close (`ticket-close`)
// and Claim (`ticket-claim`), labelled in the guild's language. The starter stays a
// normal message (its content and mentions are what add people to the private thread);
// while the ticket is claimed, its last line says by whom (domain/ticket-card.ts) and the
// Claim button reads Unclaim.
import {
  ButtonStyle,
  ComponentType,
  Routes,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIMessage,
} from 'discord-api-types/v10';
import { TICKET_CLAIM_ID, TICKET_CLOSE_ID } from '../../domain/custom-ids.ts';
import { withClaimLine, withoutClaimLine } from '../../domain/ticket-card.ts';
import type { Deps } from '../deps.ts';

export function cardComponents(deps: Pick<Deps, 'i18n'>, guildLocale: string, claimed: boolean): APIActionRowComponent<APIButtonComponent>[] {
  const t = (id: string): string => deps.i18n.t(guildLocale, id);
  return [
    {
      type: ComponentType.ActionRow,
      components: [
        { type: ComponentType.Button, style: ButtonStyle.Danger, custom_id: TICKET_CLOSE_ID, label: t('ticket-card-close-button') },
        {
          type: ComponentType.Button,
          style: ButtonStyle.Secondary,
          custom_id: TICKET_CLAIM_ID,
          label: t(claimed ? 'ticket-card-unclaim-button' : 'ticket-card-claim-button'),
        },
      ],
    },
  ];
}

/** Whether a message is a ticket card (the bot's, with the Claim button). */
export function isCard(message: Pick<APIMessage, 'components' | 'author'>, botUserId: string | null): boolean {
  if (botUserId !== null && message.author?.id !== botUserId) return false;
  return (message.components ?? []).some((row) => 'components' in row && (row.components as { custom_id?: string }[]).some((c) => c.custom_id === TICKET_CLAIM_ID));
}

/** The card as it should read with `claimer` (null: unclaimed), from its current content (`wasClaimed`: it carries a claim line). */
export function cardEdit(deps: Pick<Deps, 'i18n'>, guildLocale: string, content: string, wasClaimed: boolean, claimer: string | null) {
  const base = wasClaimed ? withoutClaimLine(content) : content;
  return {
    content: claimer === null ? base : withClaimLine(base, deps.i18n.t(guildLocale, 'ticket-card-claimed', { user: `<@${claimer}>` })),
    components: cardComponents(deps, guildLocale, claimer !== null),
    // The claimer's mention must not ping, and the starter's mentions must not ping again.
    allowed_mentions: { parse: [] as [] },
  };
}

/**
 * The card of a ticket: the first message of its thread, when it is the bot's and has
 * the buttons. Reading needs Read Message History (without it Discord lists nothing);
 * null when there is no card (a ticket from before cards, or a deleted starter).
 */
export async function findCard(deps: Deps, threadId: string): Promise<APIMessage | null> {
  const query = new URLSearchParams({ after: threadId, limit: '1' });
  const [first] = (await deps.rest.get(Routes.channelMessages(threadId), { query })) as APIMessage[];
  return first && isCard(first, deps.state.botUserId) ? first : null;
}
