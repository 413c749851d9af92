import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { clientAddressOf, UNLOCK_COOKIE_PREFIX, visitor } from '../../share/visitor';
import { getService } from '../../get-service';
import { PUBLIC_API_DOCUMENT } from '../../share/openapi';
import { validateClaim, validateImagesQuery, validateSignIn, validateUnlock } from '../../validation/share';

/** An unlock (password or sign-in ticket): the cookie for pages, the token for headless clients. */
function unlocked(ctx: Context, unlock: { linkId: string; token: string; expiresAt: Date; ttlSeconds: number }) {
  ctx.cookies.set(`${UNLOCK_COOKIE_PREFIX}${unlock.linkId}`, unlock.token, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    maxAge: unlock.ttlSeconds * 1000,
    secure: ctx.request.secure,
    signed: false, // the value is already an HMAC-signed token; koa's .sig cookie would add nothing
    overwrite: true,
  });
  ctx.body = { data: { unlockToken: unlock.token, expiresAt: unlock.expiresAt.toISOString(), header: 'X-Share-Unlock' } };
}

/**
 * The public share API (DESIGN.md "Public share API"): no Strapi account, the link is the
 * capability. Every action resolves the link through share-access and lets the service it calls
 * authorize again. Controllers only parse, delegate and shape.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  return {
    /** GET /api/share/:token */
    async view(ctx: Context) {
      ctx.body = { data: await getService(strapi, 'share-gallery').view(visitor(ctx)) };
    },

    /** POST /api/share/:token/unlock {password} */
    async unlock(ctx: Context) {
      const { password } = validateUnlock(ctx.request.body ?? {});
      unlocked(ctx, await getService(strapi, 'share-unlock').unlock(ctx.params.token, password, clientAddressOf(ctx)));
    },

    /** POST /api/share/:token/sign-in-link: a one-time sign-in link mailed to a private link's recipient. */
    async requestSignIn(ctx: Context) {
      const result = await getService(strapi, 'share-sign-in').request(ctx.params.token, clientAddressOf(ctx));
      ctx.status = 202;
      ctx.body = { data: result };
    },

    /** POST /api/share/:token/sign-in {ticket}: the mailed ticket unlocks this browser, once. */
    async signIn(ctx: Context) {
      const { ticket } = validateSignIn(ctx.request.body ?? {});
      unlocked(ctx, await getService(strapi, 'share-sign-in').signIn(ctx.params.token, ticket, clientAddressOf(ctx)));
    },

    /** GET /api/share/:token/images?cursor=&limit=&label=&favourites=&selected=&commented= */
    async images(ctx: Context) {
      const { favourites, selected, commented, ...query } = validateImagesQuery(ctx.query);
      const on = (flag?: string) => flag === 'true' || flag === '1';
      const page = await getService(strapi, 'share-images').list(visitor(ctx), {
        ...query,
        favourites: on(favourites),
        selected: on(selected),
        commented: on(commented),
      });
      ctx.body = { data: page.results, meta: { nextCursor: page.nextCursor } };
    },

    /** PUT /api/share/:token/favourites/:imageId */
    async addFavourite(ctx: Context) {
      ctx.body = { data: await getService(strapi, 'favourite').add(visitor(ctx), ctx.params.imageId) };
    },

    /** DELETE /api/share/:token/favourites/:imageId */
    async removeFavourite(ctx: Context) {
      ctx.body = { data: await getService(strapi, 'favourite').remove(visitor(ctx), ctx.params.imageId) };
    },

    /** POST /api/share/:token/claim {email} */
    async claim(ctx: Context) {
      const { email } = validateClaim(ctx.request.body ?? {});
      const result = await getService(strapi, 'claim').claim(visitor(ctx), email, clientAddressOf(ctx));
      // 201: this browser continues on its own private link; 202: the link went to the inbox only.
      ctx.status = result.token ? 201 : 202;
      ctx.body = { data: result };
    },

    /** GET /api/share-api/openapi.json: the OpenAPI 3.1 document of this API. */
    async openapi(ctx: Context) {
      ctx.body = PUBLIC_API_DOCUMENT;
    },
  };
};
