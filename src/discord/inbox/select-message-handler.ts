// "Select this message": hands the picked message to the admin's pending /inbox request.
// Nothing pending and an expired request are told apart; when the step fails the request
// is put back so the admin can pick another message; once it succeeds the command's
// instruction message is removed.
import { ApplicationCommandType, InteractionType, type APIMessageApplicationCommandInteraction } from 'discord-api-types/v10';
import { UserError } from '../../domain/errors.ts';
import { guildActor, type InteractionContext } from '../router.ts';
import { runInboxRequest } from './picked-message.ts';
import { saveForInteraction } from '../patient-write.ts';

export async function handleSelectMessage(ctx: InteractionContext): Promise<void> {
  const interaction = ctx.interaction;
  if (interaction.type !== InteractionType.ApplicationCommand || interaction.data.type !== ApplicationCommandType.Message) {
    throw new Error('"Select this message" received something other than a message command');
  }
  const { data } = interaction as APIMessageApplicationCommandInteraction;
  const { guildId, userId } = guildActor(ctx);
  const picked = data.resolved.messages[data.target_id];
  if (!picked) throw new Error(`the picked message ${data.target_id} is missing from the interaction`);

  const selections = ctx.deps.selections;
  const taken = await saveForInteraction(ctx, () => selections.take(guildId, userId));
  if (taken.status === 'none') throw new UserError('select-nothing-pending');
  if (taken.status === 'expired') throw new UserError('select-expired');

  try {
    await runInboxRequest(ctx, taken.pending.request, picked);
  } catch (error) {
    await selections.restore(guildId, userId, taken.pending).catch((restoreError: unknown) => {
      // The admin runs the command again; the error they get is the one that matters.
      ctx.deps.logger.child('interactions').warn('Could not put back a selection request', { err: restoreError });
    });
    throw error;
  }

  const instruction = taken.pending.instruction;
  if (instruction) {
    await ctx.deps.interactions.deleteReply(instruction.applicationId, instruction.token).catch((error: unknown) => {
      // Already dismissed by the admin, or the token ran out: nothing left to tidy.
      ctx.deps.logger.child('interactions').debug('Could not remove an instruction message', { err: error });
    });
  }
}
