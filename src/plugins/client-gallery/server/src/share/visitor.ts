import type { Context } from 'koa';
import type { ShareAccess } from '../queries/share-rows';

export const UNLOCK_COOKIE_PREFIX = 'cg_unlock_';
export const UNLOCK_HEADER = 'x-share-unlock';

/** Unlock credentials the request carries: our cookies, the X-Share-Unlock header, or an su2 bearer. */
export function unlockCredentials(ctx: Pick<Context, 'request'>): string[] {
  const found: string[] = [];
  const cookieHeader = ctx.request.header.cookie ?? '';
  for (const part of cookieHeader.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name?.startsWith(UNLOCK_COOKIE_PREFIX)) found.push(decodeURIComponent(value.join('=')));
  }
  const header = ctx.request.header[UNLOCK_HEADER];
  if (typeof header === 'string') found.push(header.trim());
  const authorization = ctx.request.header.authorization ?? '';
  if (authorization.startsWith('Bearer su2.')) found.push(authorization.slice('Bearer '.length).trim());
  return found.slice(0, 20);
}

/** The visitor of this request: the link resolved once by the route's `visitor` policy. */
export function visitor(ctx: Pick<Context, 'state'>): ShareAccess {
  const access = ctx.state?.visitor as ShareAccess | undefined;
  if (!access) throw new Error('visitor(): the route has no visitor policy');
  return access;
}

/** The client address that attempt counters key on: an IPv4 client seen through an IPv6 socket is still the IPv4 address. */
export function clientAddressOf(ctx: Pick<Context, 'request'>): string {
  return String(ctx.request.ip ?? '').replace(/^::ffff:/, '');
}
