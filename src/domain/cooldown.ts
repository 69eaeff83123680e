// One ticket per (inbox, member) per max(the inbox's cooldown, the inbox channel's
// slowmode); the cooldown is 60 s unless the admin changed it, as in the original. Time
// comes from an injectable clock; nothing here waits. When each member's cooldown started
// is kept in the database (src/store/clicks.ts), so every process sharing it agrees.

/** An inbox's cooldown until its admin changes it (and the original's fixed one). */
export const MIN_COOLDOWN_SECONDS = 60;

/** The cooldown for an inbox set to `inboxSeconds` whose channel has `slowmodeSeconds` of slowmode. */
export function cooldownSeconds(slowmodeSeconds: number, inboxSeconds: number = MIN_COOLDOWN_SECONDS): number {
  const finite = (n: number): number => (Number.isFinite(n) ? Math.max(0, n) : 0);
  return Math.max(finite(inboxSeconds), finite(slowmodeSeconds));
}

/**
 * Whole seconds left (rounded up) before another ticket may be opened, 0 when none.
 * `lastMs` is when the previous ticket was accepted, undefined when there was none.
 */
export function secondsLeft(lastMs: number | undefined, nowMs: number, windowSeconds: number): number {
  if (lastMs === undefined) return 0;
  const left = lastMs + windowSeconds * 1000 - nowMs;
  return left > 0 ? Math.ceil(left / 1000) : 0;
}
