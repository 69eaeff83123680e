// Discord's sharding formula: which gateway shard receives a guild's events. Only the
// timestamp bits of the id matter, so the arithmetic is done on BigInt (ids pass 2^53).

/** The shard of `shardCount` that receives the events of `guildId`. */
export function shardOf(guildId: string, shardCount: number): number {
  if (shardCount <= 1) return 0;
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}
