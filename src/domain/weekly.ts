// When the weekly housekeeping runs: every Saturday at 00:00 UTC, as in the original.

const DAY_MS = 24 * 60 * 60 * 1000;
export const SATURDAY = 6;

/** The first `weekday` 00:00 UTC strictly after `now` (ms since the epoch). */
export function nextWeeklyRun(now: number, weekday: number = SATURDAY): number {
  const midnight = Math.floor(now / DAY_MS) * DAY_MS;
  const today = new Date(midnight).getUTCDay();
  let days = (weekday - today + 7) % 7;
  if (days === 0 && midnight <= now) days = 7;
  return midnight + days * DAY_MS;
}
