// The ticket card's text: the starter message as posted, plus, while someone has the
// ticket claimed, one last line saying who. Pure; the buttons are built where Discord's
// types are known (discord/ticket/card.ts).
import { cut, STARTER_MAX } from './templates.ts';

/** Separates the claim line from the starter: an empty line, then Discord's small "-#" text. */
const CLAIM_SEPARATOR = '\n\n-# ';

/** The card's content with `claimLine` (already localised, e.g. "Claimed by <@1>") added at the end. */
export function withClaimLine(content: string, claimLine: string): string {
  const line = CLAIM_SEPARATOR + claimLine.replace(/\s+/gu, ' ').trim();
  return cut(content, Math.max(0, STARTER_MAX - line.length)) + line;
}

/**
 * The card's content without the claim line the bot added last (the caller knows the
 * ticket is claimed). Content that has none is returned as it is.
 */
export function withoutClaimLine(content: string): string {
  const at = content.lastIndexOf(CLAIM_SEPARATOR);
  if (at < 0) return content;
  const line = content.slice(at + CLAIM_SEPARATOR.length);
  return line.includes('\n') || !/<@!?[0-9]+>/.test(line) ? content : content.slice(0, at);
}
