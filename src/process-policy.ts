// What happens to an error nobody handled. On Node 20 an unhandled promise rejection ends
// the process, and @discordjs/ws lets some escape (a READY whose `d` is null, a socket
// replaced while a step of the handshake was still under way). A bot that dies on one
// odd frame is worse than one that logs it and reconnects, so the composition root
// installs this for as long as the bot runs.
import type { Logger } from './log/logger.ts';

export interface ProcessPolicy {
  uninstall(): void;
}

/**
 * Logs every unhandled rejection and uncaught exception (through the logger, which keeps
 * secrets out) and calls `recover` to reconnect the gateway. `on`/`off` default to the
 * process's own.
 */
export function installProcessPolicy(
  logger: Logger,
  recover: (reason: string) => void,
  target: Pick<NodeJS.Process, 'on' | 'off'> = process,
): ProcessPolicy {
  const handle = (kind: string, error: unknown): void => {
    try {
      logger.error(`${kind} (a bug, or a payload the gateway library could not read); the bot keeps running and reconnects to the gateway.`, { err: error });
      recover(kind);
    } catch {
      // Nothing may escape from here: that would end the process after all.
    }
  };
  const onRejection = (reason: unknown): void => handle('An unhandled promise rejection', reason);
  const onException = (error: Error): void => handle('An uncaught exception', error);
  target.on('unhandledRejection', onRejection);
  target.on('uncaughtException', onException);
  return {
    uninstall() {
      target.off('unhandledRejection', onRejection);
      target.off('uncaughtException', onException);
    },
  };
}
