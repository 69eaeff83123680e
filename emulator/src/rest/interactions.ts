/**
 * Interaction endpoints ("Receiving and Responding — Endpoints"): the
 * callback, and the interaction-token webhook routes for the original
 * response and followups. None of them needs the bot token; they are exempt
 * from the global rate limit. `@original` may arrive percent-encoded
 * (`%40original`); the router decodes path segments.
 */

import { json, noContent, type RequestContext, type RouteDef } from './router.ts';

const TRUE = ['true', '1', 'True'];

function webhookParams(ctx: RequestContext): [string, string] {
  return [ctx.params.application_id ?? '', ctx.params.webhook_token ?? ''];
}

export const interactionRoutes: RouteDef[] = [
  {
    method: 'POST',
    pattern: '/interactions/:interaction_id/:interaction_token/callback',
    auth: false,
    handler: (ctx) => {
      const result = ctx.core.interactions.callback({
        id: ctx.params.interaction_id ?? '',
        token: ctx.params.interaction_token ?? '',
        body: ctx.body,
        files: ctx.files,
        withResponse: TRUE.includes(ctx.query.get('with_response') ?? ''),
      });
      return result.status === 204 ? noContent() : json(result.body, result.status);
    },
  },
  {
    method: 'POST',
    pattern: '/webhooks/:application_id/:webhook_token',
    auth: false,
    handler: (ctx) => json(ctx.core.interactions.createFollowup(...webhookParams(ctx), ctx.body, ctx.files)),
  },
  {
    method: 'GET',
    pattern: '/webhooks/:application_id/:webhook_token/messages/:message_id',
    auth: false,
    handler: (ctx) => json(ctx.core.interactions.getWebhookMessage(...webhookParams(ctx), ctx.params.message_id ?? '')),
  },
  {
    method: 'PATCH',
    pattern: '/webhooks/:application_id/:webhook_token/messages/:message_id',
    auth: false,
    handler: (ctx) => json(ctx.core.interactions.editWebhookMessage(...webhookParams(ctx), ctx.params.message_id ?? '', ctx.body, ctx.files)),
  },
  {
    method: 'DELETE',
    pattern: '/webhooks/:application_id/:webhook_token/messages/:message_id',
    auth: false,
    handler: (ctx) => {
      ctx.core.interactions.deleteWebhookMessage(...webhookParams(ctx), ctx.params.message_id ?? '');
      return noContent();
    },
  },
];
