// Discord could not be reached at all (no HTTP answer): which of the usual causes it was,
// in one sentence that says what to check, instead of a stack trace.

export type Unreachable = 'dns' | 'refused' | 'timeout' | 'tls' | 'network';

const DNS = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'EAI_NODATA']);
const TIMEOUT = new Set(['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
const NETWORK = new Set(['ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'EHOSTDOWN', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);
const TLS_CODES = new Set([
  'EPROTO',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

interface Found {
  kind: Unreachable;
  code: string;
}

function classify(error: unknown, depth = 0): Found | null {
  if (typeof error !== 'object' || error === null || depth > 3) return null;
  const { code, name, cause } = error as { code?: unknown; name?: unknown; cause?: unknown };
  if (typeof code === 'string') {
    if (DNS.has(code)) return { kind: 'dns', code };
    if (code === 'ECONNREFUSED') return { kind: 'refused', code };
    if (TIMEOUT.has(code)) return { kind: 'timeout', code };
    if (TLS_CODES.has(code) || code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_') || code.startsWith('CERT_')) return { kind: 'tls', code };
    if (NETWORK.has(code)) return { kind: 'network', code };
  }
  // @discordjs/rest gives up on a request that got no answer in time by aborting it.
  if (name === 'AbortError' || name === 'TimeoutError') return { kind: 'timeout', code: name };
  // fetch() wraps the socket's error as the cause of a "fetch failed" TypeError.
  return classify(cause, depth + 1);
}

/** Which kind of "could not reach" `error` is, or null when it is something else (an HTTP answer, a bug). */
export function unreachableKind(error: unknown): Unreachable | null {
  return classify(error)?.kind ?? null;
}

const API_URL_HINT = 'discord.api_url in config.toml (or THETICKETBOT_API_URL), if you changed it';

/**
 * One sentence for the person running the bot: where it tried, what went wrong and what to
 * check; null when `error` is not a failure to reach Discord.
 */
export function unreachableMessage(error: unknown, apiUrl: string): string | null {
  const found = classify(error);
  if (found === null) return null;
  let host = apiUrl;
  try {
    host = new URL(apiUrl).host;
  } catch {
    // Checked when the config was loaded; keep the text as it is.
  }
  const start = `Could not reach Discord at ${apiUrl}:`;
  switch (found.kind) {
    case 'dns':
      return `${start} the name ${hostName(host)} could not be looked up (${found.code}). Check that this machine is online and its DNS works, any proxy it must use, and ${API_URL_HINT}.`;
    case 'refused':
      return `${start} the connection to ${host} was refused (${found.code}): nothing answers there. Check ${API_URL_HINT}, and any proxy or firewall in between.`;
    case 'timeout':
      return `${start} no answer in time (${found.code}). Check that this machine is online, any firewall or proxy in between, and ${API_URL_HINT}.`;
    case 'tls':
      return `${start} the secure connection failed (${found.code}). Check the system clock, any proxy that intercepts HTTPS, and ${API_URL_HINT} (https:// only where the server speaks it).`;
    case 'network':
      return `${start} the connection failed (${found.code}). Check that this machine is online, any proxy or firewall in between, and ${API_URL_HINT}.`;
  }
}

function hostName(host: string): string {
  // Without the port: that is what was looked up.
  return host.replace(/:\d+$/, '');
}
