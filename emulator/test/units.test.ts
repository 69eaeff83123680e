/** Unit tests for the permission computation, rate limiter and snowflakes. */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ALL_PERMISSIONS,
  applyImplicitPermissions,
  computeBasePermissions,
  computeChannelPermissions,
  P,
  type PermissionContext,
  TIMED_OUT_PERMISSIONS,
} from '../src/permissions.ts';
import { isInteractionEndpoint, RateLimiter } from '../src/ratelimit.ts';
import { SnowflakeGenerator, snowflakeTimestamp } from '../src/snowflake.ts';

const GUILD = '1300000000000000000';
const ROLE_A = '1300000000000000001';
const ROLE_B = '1300000000000000002';
const USER = '1300000000000000003';
const OWNER = '1300000000000000004';

function ctx(memberRoleIds: string[], everyone: bigint, roles: Record<string, bigint> = {}, userId = USER): PermissionContext {
  const map = new Map<string, { id: string; permissions: string }>([[GUILD, { id: GUILD, permissions: everyone.toString() }]]);
  for (const [id, p] of Object.entries(roles)) map.set(id, { id, permissions: p.toString() });
  return { guildId: GUILD, ownerId: OWNER, roles: map, userId, memberRoleIds };
}

describe('permissions', () => {
  it('ORs @everyone and role permissions; the owner and ADMINISTRATOR get everything', () => {
    assert.equal(computeBasePermissions(ctx([ROLE_A], P.VIEW_CHANNEL, { [ROLE_A]: P.SEND_MESSAGES })), P.VIEW_CHANNEL | P.SEND_MESSAGES);
    assert.equal(computeBasePermissions(ctx([], 0n, {}, OWNER)), ALL_PERMISSIONS);
    assert.equal(computeBasePermissions(ctx([ROLE_A], 0n, { [ROLE_A]: P.ADMINISTRATOR })), ALL_PERMISSIONS);
  });

  it('applies overwrites @everyone → roles (deny then allow, combined) → member', () => {
    const c = ctx([ROLE_A, ROLE_B], P.VIEW_CHANNEL | P.SEND_MESSAGES, { [ROLE_A]: 0n, [ROLE_B]: 0n });
    const everyoneDeny = { id: GUILD, type: 0 as const, allow: '0', deny: P.SEND_MESSAGES.toString() };
    assert.equal(computeChannelPermissions(c, [everyoneDeny]) & P.SEND_MESSAGES, 0n);
    // One role denies, another allows: the allow wins (roles are combined, allow applied after deny).
    const roleDeny = { id: ROLE_A, type: 0 as const, allow: '0', deny: P.SEND_MESSAGES.toString() };
    const roleAllow = { id: ROLE_B, type: 0 as const, allow: P.SEND_MESSAGES.toString(), deny: '0' };
    assert.equal(computeChannelPermissions(c, [everyoneDeny, roleDeny, roleAllow]) & P.SEND_MESSAGES, P.SEND_MESSAGES);
    // The member overwrite comes last.
    const memberDeny = { id: USER, type: 1 as const, allow: '0', deny: P.SEND_MESSAGES.toString() };
    assert.equal(computeChannelPermissions(c, [everyoneDeny, roleAllow, memberDeny]) & P.SEND_MESSAGES, 0n);
    // ADMINISTRATOR ignores overwrites.
    const admin = ctx([ROLE_A], 0n, { [ROLE_A]: P.ADMINISTRATOR });
    assert.equal(computeChannelPermissions(admin, [{ id: USER, type: 1, allow: '0', deny: ALL_PERMISSIONS.toString() }]), ALL_PERMISSIONS);
  });

  it('leaves a timed-out member only VIEW_CHANNEL and READ_MESSAGE_HISTORY, whatever the roles and overwrites say', () => {
    const everyone = P.VIEW_CHANNEL | P.SEND_MESSAGES | P.READ_MESSAGE_HISTORY | P.USE_APPLICATION_COMMANDS;
    const timedOut = { ...ctx([ROLE_A], everyone, { [ROLE_A]: P.MANAGE_THREADS | P.KICK_MEMBERS }), timedOut: true };
    assert.equal(TIMED_OUT_PERMISSIONS, P.VIEW_CHANNEL | P.READ_MESSAGE_HISTORY);
    assert.equal(computeBasePermissions(timedOut), P.VIEW_CHANNEL | P.READ_MESSAGE_HISTORY);
    const memberAllow = { id: USER, type: 1 as const, allow: (P.SEND_MESSAGES | P.ATTACH_FILES).toString(), deny: '0' };
    assert.equal(computeChannelPermissions(timedOut, [memberAllow]), P.VIEW_CHANNEL | P.READ_MESSAGE_HISTORY);
    // Denials still apply: a timeout never adds a permission.
    const denyHistory = { id: GUILD, type: 0 as const, allow: '0', deny: P.READ_MESSAGE_HISTORY.toString() };
    assert.equal(computeChannelPermissions(timedOut, [denyHistory]), P.VIEW_CHANNEL);
    // Owners and ADMINISTRATOR holders are exempt.
    assert.equal(computeBasePermissions({ ...ctx([], 0n, {}, OWNER), timedOut: true }), ALL_PERMISSIONS);
    assert.equal(computeChannelPermissions({ ...ctx([ROLE_A], 0n, { [ROLE_A]: P.ADMINISTRATOR }), timedOut: true }, [denyHistory]), ALL_PERMISSIONS);
  });

  it('drops everything without VIEW_CHANNEL and the sending extras without SEND_MESSAGES', () => {
    assert.equal(applyImplicitPermissions(P.SEND_MESSAGES | P.EMBED_LINKS), 0n);
    assert.equal(applyImplicitPermissions(P.VIEW_CHANNEL | P.EMBED_LINKS | P.ATTACH_FILES), P.VIEW_CHANNEL);
    assert.equal(applyImplicitPermissions(P.VIEW_CHANNEL | P.SEND_MESSAGES_IN_THREADS | P.EMBED_LINKS, true), P.VIEW_CHANNEL | P.SEND_MESSAGES_IN_THREADS | P.EMBED_LINKS);
  });
});

describe('rate limiter', () => {
  it('counts per route and top-level resource, and reports the reset', () => {
    let now = 1_000_000;
    const rl = new RateLimiter({ clock: () => now, enabled: true, globalPerSecond: 50 });
    rl.setRouteLimit('POST /channels/:id/messages', 2, 5000);
    assert.equal(rl.checkRoute('POST /channels/:id/messages', '1').headers['X-RateLimit-Remaining'], '1');
    assert.equal(rl.checkRoute('POST /channels/:id/messages', '1').allowed, true);
    const third = rl.checkRoute('POST /channels/:id/messages', '1');
    assert.equal(third.allowed, false);
    assert.equal(third.headers['Retry-After'], '5');
    assert.equal(third.body?.retry_after, 5);
    assert.equal(rl.checkRoute('POST /channels/:id/messages', '2').allowed, true, 'another channel has its own bucket');
    now += 5000;
    assert.equal(rl.checkRoute('POST /channels/:id/messages', '1').allowed, true, 'the window has reset');
  });

  it('limits globally per second', () => {
    let now = 0;
    const rl = new RateLimiter({ clock: () => now, enabled: true, globalPerSecond: 3 });
    for (let i = 0; i < 3; i += 1) assert.equal(rl.checkGlobal().allowed, true);
    const denied = rl.checkGlobal();
    assert.equal(denied.allowed, false);
    assert.equal(denied.headers['X-RateLimit-Global'], 'true');
    assert.equal(denied.body?.global, true);
    now = 1000;
    assert.equal(rl.checkGlobal().allowed, true);
  });

  it('recognises interaction endpoints, which are exempt from the global limit', () => {
    assert.equal(isInteractionEndpoint('/interactions/1300000000000000000/tok-en/callback', '42'), true);
    assert.equal(isInteractionEndpoint('/webhooks/42/tok/messages/@original', '42'), true);
    assert.equal(isInteractionEndpoint('/webhooks/43/tok', '42'), false);
    assert.equal(isInteractionEndpoint('/channels/1/messages', '42'), false);
  });
});

describe('snowflakes', () => {
  it('are strictly increasing, above 2^53, and carry their timestamp', () => {
    const now = Date.UTC(2025, 0, 1);
    const gen = new SnowflakeGenerator(() => now);
    const ids = Array.from({ length: 5000 }, () => gen.next());
    for (let i = 1; i < ids.length; i += 1) assert.ok(BigInt(ids[i] as string) > BigInt(ids[i - 1] as string));
    assert.ok(BigInt(ids[0] as string) > 2n ** 53n);
    assert.equal(snowflakeTimestamp(ids[0] as string), now);
  });
});
