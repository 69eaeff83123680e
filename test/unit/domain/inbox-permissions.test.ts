import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  copyNeeds,
  DESTINATION_NEEDS,
  firstShortfall,
  INBOX_CHANNEL_NEEDS,
  inboxNeeds,
  permissionMessageId,
} from '../../../src/domain/inbox-permissions.ts';
import { Permission, type PermissionName } from '../../../src/domain/permissions.ts';
import { loadTranslator } from '../../../src/i18n/translate.ts';

const A = '1246826841231327275';
const B = '1246826841231327276';

test('one channel for both roles needs the union, once each', () => {
  assert.deepEqual(inboxNeeds(A, null), [
    { channelId: A, required: ['ViewChannel', 'SendMessages', 'CreatePrivateThreads', 'SendMessagesInThreads'] },
  ]);
  assert.deepEqual(inboxNeeds(A, A), inboxNeeds(A, null));
});

test('a separate destination is checked on its own, after the inbox channel', () => {
  assert.deepEqual(inboxNeeds(A, B), [
    { channelId: A, required: [...INBOX_CHANNEL_NEEDS] },
    { channelId: B, required: [...DESTINATION_NEEDS] },
  ]);
});

test('copying: embeds need Embed Links, files Attach Files, a new message Send Messages', () => {
  assert.deepEqual(copyNeeds({ hasFiles: false, editing: false }), ['ViewChannel', 'SendMessages', 'EmbedLinks']);
  assert.deepEqual(copyNeeds({ hasFiles: true, editing: true }), ['ViewChannel', 'EmbedLinks', 'AttachFiles']);
});

test('the first channel that falls short, with everything it lacks', () => {
  const perms = new Map<string, bigint>([
    [A, Permission.ViewChannel | Permission.SendMessages],
    [B, Permission.ViewChannel],
  ]);
  assert.deepEqual(firstShortfall(inboxNeeds(A, B), (id) => perms.get(id) ?? null), {
    channelId: B,
    missing: ['CreatePrivateThreads', 'SendMessagesInThreads'],
  });
  assert.deepEqual(firstShortfall(inboxNeeds(A, null), (id) => perms.get(id) ?? null), {
    channelId: A,
    missing: ['CreatePrivateThreads', 'SendMessagesInThreads'],
  });
  perms.set(B, perms.get(B)! | Permission.CreatePrivateThreads | Permission.SendMessagesInThreads);
  assert.equal(firstShortfall(inboxNeeds(A, B), (id) => perms.get(id) ?? null), null);
});

test('a channel the bot knows nothing about lacks everything', () => {
  assert.deepEqual(firstShortfall([{ channelId: A, required: ['ViewChannel', 'SendMessages'] }], () => null), {
    channelId: A,
    missing: ['ViewChannel', 'SendMessages'],
  });
});

test('every permission the inbox checks has a name in every locale', () => {
  const i18n = loadTranslator();
  const names = new Set<PermissionName>([...INBOX_CHANNEL_NEEDS, ...DESTINATION_NEEDS, ...copyNeeds({ hasFiles: true, editing: false })]);
  for (const name of names) {
    const id = permissionMessageId(name);
    assert.ok(i18n.has(id), `${id} exists in en-US`);
  }
  assert.equal(permissionMessageId('SendMessagesInThreads'), 'permission-send-messages-in-threads');
  assert.equal(i18n.t('de', permissionMessageId('CreatePrivateThreads')) !== i18n.t('en-US', 'permission-create-private-threads'), true);
});
