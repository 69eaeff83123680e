import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { APIAttachment, APIEmbed } from 'discord-api-types/v10';
import { UserError } from '../../../../src/domain/errors.ts';
import {
  checkAttachmentSize,
  downloadFiles,
  inboxComponents,
  isImage,
  planInboxMessage,
  sendableEmbed,
  uploadNames,
} from '../../../../src/discord/inbox/inbox-message.ts';

const GALLERY = 'https://discord.com/channels/1/2';

let nextId = 100;
function attachment(filename: string, size = 10, contentType: string | undefined = 'image/png'): APIAttachment {
  const id = String(nextId++);
  return {
    id,
    filename,
    size,
    url: `https://cdn.example/attachments/2/${id}/${filename}?ex=1&hm=2`,
    proxy_url: `https://media.example/attachments/2/${id}/${filename}?ex=1`,
    ...(contentType ? { content_type: contentType } : {}),
  };
}

test('text becomes the description of the first embed', () => {
  const plan = planInboxMessage({ content: 'Need help? Click below.', embeds: [], attachments: [] }, GALLERY);
  assert.deepEqual(plan, { embeds: [{ description: 'Need help? Click below.' }], files: [] });
});

test('images share one url (the gallery): the first joins the text embed, the rest get their own', () => {
  const a = attachment('a.png');
  const b = attachment('b.jpg', 10, 'image/jpeg');
  const c = attachment('c.gif', 10, 'image/gif');
  const plan = planInboxMessage({ content: 'hello', embeds: [], attachments: [a, b, c] }, GALLERY);
  assert.deepEqual(plan.embeds, [
    { description: 'hello', url: GALLERY, image: { url: 'attachment://a.png' } },
    { url: GALLERY, image: { url: 'attachment://b.jpg' } },
    { url: GALLERY, image: { url: 'attachment://c.gif' } },
  ]);
  assert.deepEqual(plan.files.map((f) => f.name), ['a.png', 'b.jpg', 'c.gif']);
});

test('images without text still make a gallery', () => {
  const plan = planInboxMessage({ content: '', embeds: [], attachments: [attachment('a.png'), attachment('b.png')] }, GALLERY);
  assert.deepEqual(plan.embeds, [
    { url: GALLERY, image: { url: 'attachment://a.png' } },
    { url: GALLERY, image: { url: 'attachment://b.png' } },
  ]);
});

test('other files are re-uploaded but not shown as images', () => {
  const pdf = attachment('rules.pdf', 10, 'application/pdf');
  const plan = planInboxMessage({ content: 'x', embeds: [], attachments: [pdf] }, GALLERY);
  assert.deepEqual(plan.embeds, [{ description: 'x' }]);
  assert.deepEqual(plan.files.map((f) => f.name), ['rules.pdf']);
});

test('ten images with text fit in ten embeds', () => {
  const images = Array.from({ length: 10 }, (_, i) => attachment(`i${i}.png`));
  const plan = planInboxMessage({ content: 'x', embeds: [], attachments: images }, GALLERY);
  assert.equal(plan.embeds.length, 10);
  assert.equal(plan.files.length, 10);
  assert.ok(plan.embeds.every((e) => e.url === GALLERY));
});

test("a webhook's message (no text, embeds) has its embeds copied, sendable fields only", () => {
  const embed: APIEmbed = {
    type: 'rich' as APIEmbed['type'],
    title: 'Support',
    description: 'Open a ticket',
    color: 0x5865f2,
    fields: [{ name: 'Hours', value: '9-5', inline: true }],
    footer: { text: 'Staff', icon_url: 'https://x/icon.png', proxy_icon_url: 'https://p/icon.png' },
    image: { url: 'https://x/banner.png', proxy_url: 'https://p/banner.png', width: 10, height: 10 },
    provider: { name: 'x' },
    video: { url: 'https://x/v.mp4' },
  };
  const plan = planInboxMessage({ content: '', embeds: [embed, { description: 'second' }], attachments: [] }, GALLERY);
  assert.deepEqual(plan.embeds, [
    {
      title: 'Support',
      description: 'Open a ticket',
      color: 0x5865f2,
      fields: [{ name: 'Hours', value: '9-5', inline: true }],
      footer: { text: 'Staff', icon_url: 'https://x/icon.png' },
      image: { url: 'https://x/banner.png' },
    },
    { description: 'second' },
  ]);
});

test("copied embeds that showed the webhook's own attachments point at the re-uploaded files", () => {
  const a = attachment('banner.png');
  const embed: APIEmbed = { title: 't', image: { url: a.url.replace('ex=1', 'ex=9'), proxy_url: a.proxy_url }, thumbnail: { url: a.proxy_url } };
  const plan = planInboxMessage({ content: '', embeds: [embed], attachments: [a] }, GALLERY);
  assert.deepEqual(plan.embeds, [{ title: 't', image: { url: 'attachment://banner.png' }, thumbnail: { url: 'attachment://banner.png' } }]);
  assert.equal(plan.files.length, 1);
});

test('text wins over embeds', () => {
  const plan = planInboxMessage({ content: 'text', embeds: [{ title: 'preview' }], attachments: [] }, GALLERY);
  assert.deepEqual(plan.embeds, [{ description: 'text' }]);
});

test('a message with nothing to copy is refused', () => {
  assert.throws(
    () => planInboxMessage({ content: '', embeds: [], attachments: [] }, GALLERY),
    (e: unknown) => e instanceof UserError && e.messageId === 'inbox-message-empty',
  );
});

test('upload names are safe for attachment:// and distinct', () => {
  assert.deepEqual(uploadNames(['image.png', 'image.png', 'IMAGE.png', 'my photo (1).jpg', 'Ümlaut.png', '.png', 'noext']), [
    'image.png',
    'image-2.png',
    'IMAGE-3.png',
    'my_photo__1_.jpg',
    '_mlaut.png',
    'png',
    'noext',
  ]);
  assert.deepEqual(uploadNames(['日本.png']), ['file.png']);
});

test('images are recognised by type, else by extension', () => {
  assert.equal(isImage({ filename: 'a.bin', content_type: 'image/webp' }), true);
  assert.equal(isImage({ filename: 'a.png', content_type: 'application/octet-stream' }), false);
  assert.equal(isImage({ filename: 'a.JPG' }), true);
  assert.equal(isImage({ filename: 'a.txt' }), false);
});

test('the size limit is checked on the total, with both numbers for the message', () => {
  checkAttachmentSize([{ size: 3 }, { size: 2 }], 5);
  assert.throws(
    () => checkAttachmentSize([{ size: 3 }, { size: 3 }], 5),
    (e: unknown) => e instanceof UserError && e.messageId === 'inbox-attachments-too-large' && e.args.size === 5 && e.args.actual === 6,
  );
});

test('downloads keep order, name and type; an HTTP error is unexpected; a lying size still hits the limit', async () => {
  const a = attachment('a.png', 3);
  const b = attachment('b.txt', 2, 'text/plain');
  const bodies = new Map([
    [a.url, Buffer.from('abc')],
    [b.url, Buffer.from('de')],
  ]);
  const fetchFile = async (url: string) => new Response(bodies.get(url) ?? null, { status: bodies.has(url) ? 200 : 404 });
  const files = await downloadFiles([{ source: a, name: 'a.png' }, { source: b, name: 'b.txt' }], 5, fetchFile);
  assert.deepEqual(
    files.map((f) => [f.name, Buffer.from(f.data as Buffer).toString(), f.contentType]),
    [
      ['a.png', 'abc', 'image/png'],
      ['b.txt', 'de', 'text/plain'],
    ],
  );
  await assert.rejects(downloadFiles([{ source: attachment('gone.png'), name: 'gone.png' }], 5, fetchFile), /HTTP 404/);
  await assert.rejects(
    downloadFiles([{ source: a, name: 'a.png' }, { source: b, name: 'b.txt' }], 4, fetchFile),
    (e: unknown) => e instanceof UserError && e.messageId === 'inbox-attachments-too-large',
  );
});

test('the button keeps the custom id create-ticket', () => {
  assert.deepEqual(inboxComponents('Ticket erstellen'), [
    { type: 1, components: [{ type: 2, style: 1, custom_id: 'create-ticket', label: 'Ticket erstellen' }] },
  ]);
});

test('sendableEmbed keeps author links and drops proxy icons', () => {
  assert.deepEqual(sendableEmbed({ author: { name: 'n', url: 'https://a', icon_url: 'https://i', proxy_icon_url: 'https://p' } }), {
    author: { name: 'n', url: 'https://a', icon_url: 'https://i' },
  });
});
