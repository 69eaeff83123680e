// Runs the bot from src/ through tsx, for development: `npm run dev -- [options]`.
// What ships is the bundle (`npm run build`, bin/theticketbot.js); this skips building.
import { main } from '../src/cli.ts';

process.exitCode = await main(process.argv);
