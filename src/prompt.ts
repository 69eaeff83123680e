// Reading secrets from a person or from a pipe. Nothing here ever waits on a terminal
// that is not there: hidden prompts run only when stdin is a TTY; otherwise input is
// read as lines from stdin, and end of input answers null at once.

export interface Input extends NodeJS.ReadableStream {
  isTTY?: boolean;
  setRawMode?: (mode: boolean) => unknown;
}

/** Hands out stdin one line at a time (a token, then a key) without losing buffered data. */
export class LineReader {
  private buffer = '';
  private ended = false;
  private waiting: (() => void) | null = null;
  private started = false;
  private readonly input: Input;

  constructor(input: Input) {
    this.input = input;
  }

  private start(): void {
    if (this.started) return;
    this.started = true;
    this.input.setEncoding('utf8');
    this.input.on('data', (chunk: string) => {
      this.buffer += chunk;
      this.wake();
    });
    this.input.on('end', () => {
      this.ended = true;
      this.wake();
    });
    this.input.on('error', () => {
      this.ended = true;
      this.wake();
    });
  }

  private wake(): void {
    const w = this.waiting;
    this.waiting = null;
    w?.();
  }

  /** The next line without its line ending, or null at end of input. */
  async readLine(): Promise<string | null> {
    this.start();
    this.input.resume();
    try {
      for (;;) {
        const nl = this.buffer.indexOf('\n');
        if (nl >= 0) {
          const line = this.buffer.slice(0, nl).replace(/\r$/, '');
          this.buffer = this.buffer.slice(nl + 1);
          return line;
        }
        if (this.ended) {
          if (this.buffer === '') return null;
          const line = this.buffer;
          this.buffer = '';
          return line;
        }
        await new Promise<void>((resolve) => {
          this.waiting = resolve;
        });
      }
    } finally {
      // A paused stdin does not keep the process alive.
      this.input.pause();
    }
  }
}

export class PromptCancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

/** Asks for a secret on a terminal without echoing it. Ctrl-C cancels, Ctrl-D at an empty line gives null. */
export function promptHidden(question: string, input: Input, output: NodeJS.WritableStream): Promise<string | null> {
  return new Promise((resolve, reject) => {
    let value = '';
    const wasRaw = (input as { isRaw?: boolean }).isRaw ?? false;
    // Echo goes off before the question appears, so nothing typed early is shown.
    input.setRawMode?.(true);
    output.write(question);
    input.setEncoding('utf8');
    const finish = (result: string | null | Error): void => {
      input.removeListener('data', onData);
      input.setRawMode?.(wasRaw);
      input.pause();
      output.write('\n');
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    const onData = (chunk: string): void => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return finish(value);
        if (ch === '\u0003') return finish(new PromptCancelled());
        if (ch === '\u0004') {
          if (value === '') return finish(null);
          continue;
        }
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else if (ch >= ' ') value += ch;
      }
    };
    input.on('data', onData);
    input.resume();
  });
}

/** Discord bot tokens are three non-empty dot-separated parts. */
export function looksLikeToken(token: string): boolean {
  const parts = token.split('.');
  return parts.length === 3 && parts.every((p) => /^[A-Za-z0-9_-]+$/.test(p));
}
