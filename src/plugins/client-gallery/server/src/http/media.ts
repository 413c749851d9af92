import crypto from 'crypto';
import fs from 'fs';
import mime from 'mime-types';
import { Readable } from 'stream';
import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import type { VisitorMediaClaim } from '../lib/capability';
import { decideRange, rangeResponse } from '../lib/http-range';
import { getService } from '../get-service';
import { URL_TTL_SECONDS } from '../services/share/share-images';
import { objectOfMediaKey } from '../lib/media-keys';

/** The private-local provider's key alphabet (no dots first, no "%", at most 6 segments). */
const KEY_PATTERN = /^(?:[A-Za-z0-9_-][A-Za-z0-9_.-]{0,127}\/){0,5}[A-Za-z0-9_-][A-Za-z0-9_.-]{0,127}$/;
const isValidKey = (key: string) => key.length <= 512 && KEY_PATTERN.test(key);

/**
 * GET /media/<key>: the only HTTP door to gallery files. No Strapi auth (the URL is the
 * capability), two kinds of URL:
 * - a visitor's, `?exp=&cap=&img=&sig=` (lib/capability.ts): signed by the plugin and bound to
 *   the share link that minted it and the photo it shows. The link's current capability and the
 *   photo's membership of its gallery are looked up (one query, at most a second old) and must
 *   still hold, so a revoke, regenerate, password change, watermark switch, unpublish or the
 *   photo's removal from the gallery refuses every URL minted before. Served from either provider: with S3 the
 *   bytes are streamed from the bucket, so no visitor ever holds a presigned URL;
 * - a staff member's, `?exp=&sig=`: the private-local provider's own signature.
 * Every refusal is the same bare 404, so a prober learns nothing about which keys exist or why.
 * HEAD answers as GET does, without the body.
 */
const PREFIX = '/media/';

interface PrivateLocalProvider {
  verifyRequest(request: { key: string; exp: unknown; sig: unknown }): Promise<boolean>;
  open(key: string): Promise<{ absolutePath: string; size: number; mtimeMs: number } | null>;
}

export function registerMediaDelivery(strapi: Core.Strapi) {
  const notFound = (ctx: Context) => {
    ctx.status = 404;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { data: null, error: { status: 404, name: 'NotFoundError', message: 'Not Found' } };
  };

  /** The claim of a visitor URL whose capability is still the link's current one for a photo still in its gallery, else null. */
  async function visitorClaim(key: string, query: Record<string, unknown>): Promise<VisitorMediaClaim | null> {
    if (!isValidKey(key)) return null;
    const claim = getService(strapi, 'share-tokens').visitorMediaClaim(key, query, URL_TTL_SECONDS);
    if (!claim) return null;
    return (await getService(strapi, 'link-capability').currentCapability(claim.linkDocumentId, claim.imageDocumentId)) === claim.version ? claim : null;
  }

  /** A variant not made yet when its URL was handed out is made now, once (services/delivery/visitor-media.ts). */
  const renderMissing = (claim: VisitorMediaClaim, key: string) => getService(strapi, 'visitor-media').renderForVisitor(claim.linkDocumentId, key, claim.imageDocumentId);

  async function serve(ctx: Context) {
    const provider = strapi.plugin('upload').provider as unknown as Partial<PrivateLocalProvider>;
    // The raw (undecoded) path: "%2e%2e" and friends stay outside the key alphabet and fail.
    const key = ctx.path.slice(PREFIX.length);
    const { exp, sig } = ctx.query;
    const local = typeof provider.verifyRequest === 'function' && typeof provider.open === 'function';
    let claim: VisitorMediaClaim | null = null;
    if (ctx.query.cap !== undefined) {
      claim = await visitorClaim(key, ctx.query);
      if (!claim) return notFound(ctx);
      if (!local) return streamFromStorage(ctx, key, Number(exp), claim);
    } else if (!local || !(await provider.verifyRequest!({ key, exp, sig }))) {
      return notFound(ctx);
    }
    let file = await provider.open!(key);
    if (!file && claim && (await renderMissing(claim, key))) file = await provider.open!(key);
    if (!file) return notFound(ctx);

    const etag = `"${crypto.createHash('sha256').update(`${key}:${file.size}:${file.mtimeMs}`).digest('base64url').slice(0, 27)}"`;
    const secondsLeft = Math.max(0, Number(exp) - Math.floor(Date.now() / 1000));
    ctx.set('Cache-Control', `private, max-age=${secondsLeft}`);
    ctx.set('ETag', etag);
    ctx.set('Last-Modified', new Date(file.mtimeMs).toUTCString());
    ctx.set('Accept-Ranges', 'bytes');
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Content-Disposition', 'inline');
    ctx.type = mime.lookup(key) || 'application/octet-stream';

    if (ctx.get('If-None-Match') === etag) {
      ctx.status = 304;
      return;
    }
    const decision = decideRange({ range: ctx.get('Range'), ifRange: ctx.get('If-Range') }, file.size, etag);
    const answer = rangeResponse(decision, file.size);
    ctx.status = answer.status;
    ctx.set(answer.headers);
    if (decision.kind === 'unsatisfiable') {
      ctx.body = '';
      return;
    }
    ctx.length = answer.length;
    // HEAD: status and headers as for GET, and no body (koa ends a HEAD response itself).
    if (ctx.method === 'HEAD') return;
    ctx.body = decision.kind === 'partial' ? fs.createReadStream(file.absolutePath, { start: decision.start, end: decision.end }) : fs.createReadStream(file.absolutePath);
  }

  /**
   * A visitor's file from a remote store (S3): read on the server, never handed out as a
   * presigned URL. A Range is passed on to the bucket, and its answer (206, 416, lengths) back.
   */
  async function streamFromStorage(ctx: Context, key: string, exp: number, claim: VisitorMediaClaim) {
    const storage = getService(strapi, 'storage');
    const range = ctx.get('If-Range') ? undefined : ctx.get('Range') || undefined;
    const fetchIt = () => storage.fetchStored(objectOfMediaKey(key), range);
    let response = await fetchIt().catch(() => null);
    if ((!response || response.status === 404 || response.status === 403) && (await renderMissing(claim, key))) response = await fetchIt().catch(() => null);
    if (!response || ![200, 206, 416].includes(response.status)) {
      await response?.body?.cancel().catch(() => undefined);
      return notFound(ctx);
    }
    ctx.status = response.status;
    ctx.set('Cache-Control', `private, max-age=${Math.max(0, exp - Math.floor(Date.now() / 1000))}`);
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Content-Disposition', 'inline');
    ctx.set('Accept-Ranges', 'bytes');
    for (const header of ['Content-Range', 'Content-Length']) {
      const value = response.headers.get(header);
      if (value) ctx.set(header, value);
    }
    ctx.type = mime.lookup(key) || 'application/octet-stream';
    if (ctx.method === 'HEAD' || response.status === 416 || !response.body) {
      await response.body?.cancel().catch(() => undefined);
      if (response.status === 416) ctx.body = '';
      return;
    }
    ctx.body = Readable.fromWeb(response.body as import('stream/web').ReadableStream);
    const length = response.headers.get('Content-Length');
    if (length) ctx.length = Number(length);
  }

  strapi.server.routes([{ method: 'GET', path: '/media/(.*)', handler: serve, config: { auth: false } }]);
}

