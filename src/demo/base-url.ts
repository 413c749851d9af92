import { isIP } from 'net';

/**
 * The address the demo prints and puts in its mails: PUBLIC_URL when set, else the address the
 * server is bound to. Strapi's own absolute URL says "localhost" for 127.0.0.1 in development,
 * which is not the address the studio chose (and not the same origin for cookies and CORS).
 * Bound to every interface (0.0.0.0, ::), any address works there, and localhost is the one to type.
 */
export function demoBaseUrl(input: { publicUrl?: string | null; host?: string | null; port: number }): string {
  const publicUrl = input.publicUrl?.trim();
  if (publicUrl && /^https?:\/\//.test(publicUrl)) return publicUrl.replace(/\/+$/, '');
  const host = input.host?.trim() || 'localhost';
  if (host === '0.0.0.0' || host === '::') return `http://localhost:${input.port}`;
  return isIP(host) === 6 ? `http://[${host}]:${input.port}` : `http://${host}:${input.port}`;
}
