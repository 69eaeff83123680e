/**
 * Snowflake ids laid out as the Discord reference describes ("Snowflakes"):
 * 42 bits of milliseconds since the Discord epoch, 5 bits worker, 5 bits
 * process, 12 bits increment. Ids made from the current time are far above
 * 2^53, like real ones, so any code that turns them into a JS number breaks
 * visibly.
 */

export const DISCORD_EPOCH = 1420070400000n;

export type Clock = () => number;

export class SnowflakeGenerator {
  #clock: Clock;
  #worker: bigint;
  #process: bigint;
  #lastMs = -1n;
  #increment = 0n;

  constructor(clock: Clock = Date.now, worker = 1, processId = 7) {
    this.#clock = clock;
    this.#worker = BigInt(worker & 0x1f);
    this.#process = BigInt(processId & 0x1f);
  }

  next(): string {
    let ms = BigInt(Math.floor(this.#clock()));
    if (ms <= this.#lastMs) {
      // Same (or earlier) millisecond: keep ids strictly increasing.
      ms = this.#lastMs;
      this.#increment += 1n;
      if (this.#increment > 0xfffn) {
        ms += 1n;
        this.#increment = 0n;
      }
    } else {
      this.#increment = 0n;
    }
    this.#lastMs = ms;
    const id = ((ms - DISCORD_EPOCH) << 22n) | (this.#worker << 17n) | (this.#process << 12n) | this.#increment;
    return id.toString();
  }
}

/** Milliseconds since the Unix epoch encoded in a snowflake. */
export function snowflakeTimestamp(id: string): number {
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH);
}

/** True when `value` is a decimal string that fits in an unsigned 64-bit integer. */
export function isSnowflake(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{1,20}$/.test(value)) return false;
  return BigInt(value) <= 0xffffffffffffffffn;
}
