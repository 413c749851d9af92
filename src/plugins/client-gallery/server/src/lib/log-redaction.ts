import { GALLERY_PAGE_PATH } from '../../../shared/page-paths';

/**
 * What the request log may show of a URL that is itself a capability. A share token, a package
 * token, a media signature or a password-reset code in a log line is as good as the link: anyone
 * who reads the log (a hosting dashboard, a log shipper, a support ticket) could open the gallery.
 * The log keeps a short prefix, enough to tell two visitors' requests apart, and nothing that
 * opens anything.
 */
export const KEPT_CHARACTERS = 4;
const ELLIPSIS = '…';

/** Query parameters that carry a capability on any path: media signatures, portal reset and confirmation codes. */
const SECRET_PARAMETERS = new Set(['sig', 'cap', 'code', 'confirmation', 'token', 'ticket', 'unlock', 'x-amz-signature', 'x-amz-credential', 'x-amz-security-token']);

export function redactValue(value: string): string {
  return value.length <= KEPT_CHARACTERS ? ELLIPSIS : `${value.slice(0, KEPT_CHARACTERS)}${ELLIPSIS}`;
}

function escapeForRegExp(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Path patterns whose one segment is a token: `/g/<token>`, `<api>/share/<token>/…` and
 * `<api>/packages/<token>/…`. `apiPrefix` is the host's REST prefix (`/api` by default).
 */
function tokenPaths(apiPrefix: string): RegExp[] {
  const api = escapeForRegExp(apiPrefix.replace(/\/+$/, ''));
  return [new RegExp(`^(${escapeForRegExp(GALLERY_PAGE_PATH)})([^/?#]+)`), new RegExp(`^(${api}/share/)([^/?#]+)`), new RegExp(`^(${api}/packages/)([^/?#]+)`)];
}

function redactQuery(query: string): string {
  return query
    .split('&')
    .map((pair) => {
      const at = pair.indexOf('=');
      if (at < 0) return pair;
      let name = pair.slice(0, at);
      try {
        name = decodeURIComponent(name);
      } catch {
        // A malformed name is logged as it came: it names nothing the plugin reads.
      }
      return SECRET_PARAMETERS.has(name.toLowerCase()) ? `${pair.slice(0, at)}=${redactValue(pair.slice(at + 1))}` : pair;
    })
    .join('&');
}

/**
 * The URL (path and query, as Koa's `ctx.url`) with every capability cut to its prefix.
 * Anything else is returned unchanged, so ordinary requests log as before.
 */
export function redactCapabilityUrl(url: string, apiPrefix = '/api'): string {
  const queryAt = url.indexOf('?');
  let path = queryAt < 0 ? url : url.slice(0, queryAt);
  const query = queryAt < 0 ? null : url.slice(queryAt + 1);
  for (const pattern of tokenPaths(apiPrefix)) {
    const match = pattern.exec(path);
    if (match) {
      path = `${match[1]}${redactValue(match[2])}${path.slice(match[0].length)}`;
      break;
    }
  }
  return query === null ? path : `${path}?${redactQuery(query)}`;
}
