import { test } from 'node:test';
import assert from 'node:assert/strict';
import { routeTemplate } from '../../../src/ops/route-template.ts';

test('ids become :id, interaction and webhook tokens :token, queries go', () => {
  assert.equal(routeTemplate('/channels/1246826841231327273/messages/1246826841231327274'), '/channels/:id/messages/:id');
  assert.equal(routeTemplate('/channels/1246826841231327273/threads'), '/channels/:id/threads');
  assert.equal(routeTemplate('/interactions/1246826841231327273/aW50ZXJhY3Rpb246MTIzNDU2Nzg5/callback'), '/interactions/:id/:token/callback');
  assert.equal(routeTemplate('/webhooks/1246826841231327270/aW50ZXJhY3Rpb246MTIz/messages/@original'), '/webhooks/:id/:token/messages/@original');
  assert.equal(routeTemplate('/guilds/1246826841231327271/members/1246826841231327272?with_presences=true'), '/guilds/:id/members/:id');
  assert.equal(routeTemplate('/channels/1/messages/2/reactions/%F0%9F%91%8D/@me'), '/channels/:id/messages/:id/reactions/:emoji/@me');
  assert.equal(routeTemplate('/applications/@me'), '/applications/@me');
});

test('what @discordjs/rest already templated stays as it is', () => {
  for (const route of ['/interactions/:id/:token/callback', '/webhooks/:id/:token/messages/@original', '/channels/:id/messages', '/gateway/bot']) {
    assert.equal(routeTemplate(route), route);
  }
});
