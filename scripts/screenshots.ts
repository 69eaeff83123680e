// Regenerates the sandbox screenshots in docs/sandbox/ with the browser tests' own flows:
// `npm run screenshots` (builds first). Needs Debian's chromium (or CHROMIUM_PATH).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ephemeral,
  goTo,
  launchBrowser,
  message,
  messageCommand,
  openAs,
  post,
  slash,
  startSandboxCli,
} from '../test/e2e/sandbox-flows.ts';

const out = fileURLToPath(new URL('../docs/sandbox/', import.meta.url));
mkdirSync(out, { recursive: true });
const shot = (name: string) => ({ path: join(out, name), animations: 'disabled' as const });
/** The mouse away from messages, so no hover menu shows in a picture. */
const still = async (page: { mouse: { move(x: number, y: number): Promise<void> } }) => page.mouse.move(5, 790);

const sb = await startSandboxCli();
const browser = await launchBrowser();
try {
  // 1. A member opens a ticket from the inbox the sandbox starts with.
  const mia = await openAs(browser, sb.url, 'mia', 'support');
  await message(mia, 'Need a hand?').getByRole('button', { name: 'Create Ticket' }).click();
  const ready = ephemeral(mia, 'Your ticket is ready');
  await ready.waitFor();
  await still(mia);
  await mia.screenshot(shot('member-inbox.png'));
  await ready.locator('a.md-channel-link').click();
  await message(mia, 'thanks for opening a ticket').waitFor();
  await post(mia, 'Hi! My order **#4411** arrived damaged:\n- the box was open\n- one cup is ||broken||');
  // The ticket card carries Close and Claim.
  await message(mia, 'thanks for opening a ticket').getByRole('button', { name: 'Claim' }).waitFor();
  await still(mia);
  await mia.screenshot(shot('member-ticket.png'));
  const ticket = await mia.locator('.messages').getAttribute('data-loaded-channel');
  await mia.close();

  // 2. Staff claim the ticket, answer, and close it with a reason.
  const sam = await openAs(browser, sb.url, 'sam', 'tickets');
  await goTo(sam, ticket!);
  const card = message(sam, 'thanks for opening a ticket');
  await card.getByRole('button', { name: 'Claim' }).click();
  await card.getByRole('button', { name: 'Unclaim' }).waitFor();
  await post(sam, 'Sorry about that! A new cup is on its way, no need to send the broken one back.');
  await still(sam);
  await sam.screenshot(shot('staff-claimed.png'));
  await card.getByRole('button', { name: 'Close' }).click();
  const form = sam.getByRole('dialog');
  await form.locator('textarea[name="reason"]').fill('Replacement sent.');
  await sam.screenshot(shot('staff-close.png'));
  await form.getByRole('button', { name: 'Submit' }).click();
  await message(sam, 'closed this ticket').waitFor();
  await sam.close();

  // 3. The admin sets up another inbox with the slash-command palette.
  const alex = await openAs(browser, sb.url, 'alex', 'staff-room');
  await post(alex, '# Billing\nQuestions about an invoice? Press the button and tell us your **invoice number**.');
  const box = alex.locator('textarea[name="message"]');
  await box.fill('/inbox');
  await alex.locator('.palette-item', { hasText: '/inbox create' }).click();
  await alex.locator('.option-field[data-option="channel"] .select-head').click();
  await alex.locator('.option-field[data-option="channel"] .select-option', { hasText: '#general' }).click();
  await alex.screenshot(shot('admin-palette.png'));
  await alex.locator('.command-form').getByRole('button', { name: 'Send' }).click();
  await ephemeral(alex, 'Select this message').waitFor();
  await messageCommand(alex, message(alex, 'Questions about an invoice'), 'Select this message');
  await ephemeral(alex, 'Your inbox is ready').waitFor();

  // 4. The bot's modal, as it sent it.
  await slash(alex, '/inbox new-tickets starter');
  await goTo(alex, 'support');
  await messageCommand(alex, message(alex, 'Need a hand?'), 'Select this message');
  await alex.getByRole('dialog').waitFor();
  await alex.screenshot(shot('admin-modal.png'));
  await alex.close();
} finally {
  await browser.close();
  await sb.stop();
}
process.stdout.write(`Screenshots written to ${out}\n`);
