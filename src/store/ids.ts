// Snowflakes are strings in the bot and 64-bit integers in the database: bigint going in
// (SQLite binds it as an integer, pg sends its text), bigint (SQLite) or text
// (PostgreSQL) coming out. These two functions are the only crossing points.

const SNOWFLAKE = /^(0|[1-9][0-9]{0,19})$/;
const INT64_MAX = 2n ** 63n - 1n;

/** A snowflake as the database stores it. Throws on anything that is not a decimal id. */
export function toDb(id: string): bigint {
  if (typeof id !== 'string' || !SNOWFLAKE.test(id)) {
    throw new TypeError(`not a Discord id: ${JSON.stringify(id)}`);
  }
  const value = BigInt(id);
  if (value > INT64_MAX) throw new RangeError(`Discord id out of range: ${id}`);
  return value;
}

/**
 * A snowflake read from the database, back as a string. SQLite's are read as bigint and
 * PostgreSQL's BIGINT as text; a JS number above 2^53 means precision was already lost
 * somewhere, so it throws rather than hand out a wrong id.
 */
export function fromDb(value: bigint | number | string): string {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string') {
    if (!SNOWFLAKE.test(value)) throw new TypeError(`not an id from the database: ${JSON.stringify(value)}`);
    return value;
  }
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`id ${value} was read as an imprecise JS number; read integers as bigint`);
  }
  return value.toString();
}

/** A nullable id column, read. */
export function fromDbOrNull(value: bigint | number | string | null): string | null {
  return value === null ? null : fromDb(value);
}
