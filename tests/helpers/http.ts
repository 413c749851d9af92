import request from 'supertest';
import type { Core } from '@strapi/strapi';

export interface Fetched {
  status: number;
  body: Buffer;
  headers: Record<string, string>;
}

const binary = (res: any, callback: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
};

/**
 * GET a URL the app handed out: a relative /media URL goes to the booted server, an absolute one
 * (an S3 presigned URL) over the network to s3rver.
 */
export async function fetchUrl(strapi: Core.Strapi, url: string, headers: Record<string, string> = {}): Promise<Fetched> {
  if (url.startsWith('/')) {
    const res = await request(strapi.server.httpServer).get(url).set(headers).buffer(true).parse(binary);
    return { status: res.status, body: Buffer.isBuffer(res.body) ? res.body : Buffer.alloc(0), headers: res.headers as Record<string, string> };
  }
  const res = await fetch(url, { headers });
  const out: Record<string, string> = {};
  res.headers.forEach((value, key) => (out[key] = value));
  return { status: res.status, body: Buffer.from(await res.arrayBuffer()), headers: out };
}

/** Every string value anywhere in a JSON value whose key is "url". */
export function urlsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(urlsIn);
  if (value && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([key, v]) => (key.toLowerCase().endsWith('url') && typeof v === 'string' ? [v] : urlsIn(v)));
  }
  return [];
}

/** A URL the app may hand out: our signed /media URL, or an S3 presigned URL. */
export function isSignedUrl(url: string): boolean {
  if (url.startsWith('/media/')) return /[?&]exp=\d+/.test(url) && /[?&]sig=[A-Za-z0-9_-]{43}(&|$)/.test(url);
  try {
    const parsed = new URL(url);
    const expires = Number(parsed.searchParams.get('X-Amz-Expires'));
    return Boolean(parsed.searchParams.get('X-Amz-Signature')) && expires > 0 && expires <= 900;
  } catch {
    return false;
  }
}

/** The plugin's admin API (`/client-gallery/...`) as the admin user whose JWT is `token`. */
export function adminApi(strapi: Core.Strapi, token: string) {
  const http = () => request(strapi.server.httpServer);
  const auth = { Authorization: `Bearer ${token}` };
  return {
    get: (path: string) => http().get(`/client-gallery${path}`).set(auth),
    post: (path: string, body: object = {}) => http().post(`/client-gallery${path}`).set(auth).send(body),
    put: (path: string, body: object = {}) => http().put(`/client-gallery${path}`).set(auth).send(body),
    delete: (path: string) => http().delete(`/client-gallery${path}`).set(auth),
  };
}
