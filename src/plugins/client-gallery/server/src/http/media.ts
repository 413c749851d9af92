import crypto from 'crypto';
import fs from 'fs';
import mime from 'mime-types';
import type { Core } from '@strapi/strapi';

/**
 * GET /media/<key>?exp=&sig=: the only HTTP door to files of the private-local provider.
 * No Strapi auth (the signature is the capability), but nothing is served without a valid,
 * unexpired signature for exactly this key. Every refusal is the same bare 404, so a prober
 * learns nothing about which keys exist. With the S3 provider this route serves nothing.
 */
const PREFIX = '/media/';

interface PrivateLocalProvider {
  verifyRequest(request: { key: string; exp: unknown; sig: unknown }): Promise<boolean>;
  open(key: string): Promise<{ absolutePath: string; size: number; mtimeMs: number } | null>;
}

function parseRange(header: string, size: number): { start: number; end: number } | 'unsatisfiable' | null {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return null; // multi-range or malformed: send it all
  let start: number;
  let end: number;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0) return 'unsatisfiable';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  if (start > end || start >= size) return 'unsatisfiable';
  return { start, end };
}

export function registerMediaDelivery(strapi: Core.Strapi) {
  const notFound = (ctx) => {
    ctx.status = 404;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { data: null, error: { status: 404, name: 'NotFoundError', message: 'Not Found' } };
  };

  async function serve(ctx) {
    const provider = strapi.plugin('upload').provider as unknown as Partial<PrivateLocalProvider>;
    if (typeof provider.verifyRequest !== 'function' || typeof provider.open !== 'function') return notFound(ctx);
    // The raw (undecoded) path: "%2e%2e" and friends stay outside the key alphabet and fail.
    const key = ctx.path.slice(PREFIX.length);
    const { exp, sig } = ctx.query;
    if (!(await provider.verifyRequest({ key, exp, sig }))) return notFound(ctx);
    const file = await provider.open(key);
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
    const rangeHeader = ctx.get('Range');
    const range = rangeHeader && (!ctx.get('If-Range') || ctx.get('If-Range') === etag) ? parseRange(rangeHeader, file.size) : null;
    if (range === 'unsatisfiable') {
      ctx.status = 416;
      ctx.set('Content-Range', `bytes */${file.size}`);
      ctx.body = '';
      return;
    }
    if (range) {
      ctx.status = 206;
      ctx.set('Content-Range', `bytes ${range.start}-${range.end}/${file.size}`);
      ctx.length = range.end - range.start + 1;
      ctx.body = ctx.method === 'HEAD' ? null : fs.createReadStream(file.absolutePath, { start: range.start, end: range.end });
      return;
    }
    ctx.status = 200;
    ctx.length = file.size;
    ctx.body = ctx.method === 'HEAD' ? null : fs.createReadStream(file.absolutePath);
  }

  strapi.server.routes([{ method: 'GET', path: '/media/(.*)', handler: serve, config: { auth: false } }]);
}

export const _parseRange = parseRange;
