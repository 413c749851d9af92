import http from 'http';
import request from 'supertest';
import type { Core } from '@strapi/strapi';
import type { BootedStrapi } from '../helpers/strapi';
import { useProfile } from '../helpers/shared-boot';
import { makeJpeg, uploadFile } from '../helpers/fixtures';
import { makeGallery, makeLink } from '../helpers/share';

/**
 * The public pages' HTTP surface (src/public-pages): the HTML shell of /g/:token and /portal and
 * the bundle under /assets/pages/. The shell is static, so it cannot tell a valid link from a
 * dead one; the page finds that out through the share API like any other client.
 */
let booted: BootedStrapi;
let strapi: Core.Strapi;
let base: string;
const api = () => request(base);
const tokens: Record<string, string> = {};

/** A GET with the path sent byte for byte (supertest/URL parsing would normalise ".."). */
function rawGet(path: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}/`, { method: 'GET', path }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

function expectSecurityHeaders(headers: Record<string, any>) {
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('no-referrer');
}

function cspDirectives(header: string): Record<string, string[]> {
  return Object.fromEntries(
    header
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name, values]),
  );
}

function scriptSources(html: string): string[] {
  return [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)].map(([, attrs, content]) => {
    expect(content.trim()).toBe(''); // no inline script at all
    return /\bsrc="([^"]+)"/.exec(attrs)?.[1] ?? '';
  });
}

beforeAll(async () => {
  booted = await useProfile('default');
  strapi = booted.strapi;
  base = booted.baseUrl;
  const file = await uploadFile(strapi, await makeJpeg(3), 'pages.jpg');
  const { gallery } = await makeGallery(strapi, 'Pia Pages', file.id, { status: 'proofing', images: 2 });
  tokens.live = (await makeLink(strapi, gallery.documentId, { recipientEmail: 'pia@client.test' })).token;
  const revoked = await makeLink(strapi, gallery.documentId, { recipientEmail: 'rex@client.test' });
  await strapi.plugin('client-gallery').service('share-link').revoke(revoked.link.documentId);
  tokens.revoked = revoked.token;
  tokens.unknown = 'A'.repeat(43);
}, 180000);


describe('public pages', () => {
  describe('GET /g/:token', () => {
    it('serves the gallery shell with security headers and a CSP that allows no inline script', async () => {
      const res = await api().get(`/g/${tokens.live}`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expectSecurityHeaders(res.headers);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['x-robots-tag']).toMatch(/noindex/);
      const csp = cspDirectives(res.headers['content-security-policy']);
      expect(csp['default-src']).toEqual(["'none'"]);
      expect(csp['script-src']).toEqual(["'self'"]);
      expect(csp['style-src']).toEqual(["'self'"]);
      expect(csp['img-src']).toContain("'self'");
      expect(csp['connect-src']).toEqual(["'self'"]);
      expect(csp['frame-ancestors']).toEqual(["'none'"]);
      // The studio's name rides along (the profile saves no logo, so there is none to name).
      expect(res.text).toMatch(/<body data-page="gallery" data-studio-name="[^"<]+">/);
      expect(scriptSources(res.text)).toEqual([expect.stringMatching(/^\/assets\/pages\/gallery-[A-Za-z0-9]+\.js$/)]);
      expect(res.text).not.toContain(tokens.live);
    });

    it('answers every token, live, revoked or unknown, with the very same shell; only the API tells them apart', async () => {
      const shells = await Promise.all([tokens.live, tokens.revoked, tokens.unknown, 'not-even-a-token'].map((token) => api().get(`/g/${token}`)));
      for (const shell of shells) {
        expect(shell.status).toBe(200);
        expect(shell.text).toBe(shells[0].text);
        expectSecurityHeaders(shell.headers);
        expect(shell.headers['content-security-policy']).toBe(shells[0].headers['content-security-policy']);
      }
      expect((await api().get(`/api/share/${tokens.live}`)).status).toBe(200);
      expect((await api().get(`/api/share/${tokens.revoked}`)).status).toBe(404);
      expect((await api().get(`/api/share/${tokens.unknown}`)).status).toBe(404);
    });
  });

  describe('GET /portal', () => {
    it('serves the portal shell with the same headers', async () => {
      const res = await api().get('/portal');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expectSecurityHeaders(res.headers);
      expect(cspDirectives(res.headers['content-security-policy'])['script-src']).toEqual(["'self'"]);
      expect(res.text).toMatch(/<body data-page="portal" data-studio-name="[^"<]+">/);
      expect(scriptSources(res.text)).toEqual([expect.stringMatching(/^\/assets\/pages\/portal-[A-Za-z0-9]+\.js$/)]);
    });

    it('serves the same shell for the account pages (sign-up, forgot and reset password), and nothing else under /portal', async () => {
      const portal = await api().get('/portal');
      for (const page of ['/portal/sign-up', '/portal/forgot-password', '/portal/reset-password?code=abc']) {
        const res = await api().get(page);
        expect([page, res.status, res.text]).toEqual([page, 200, portal.text]);
        expectSecurityHeaders(res.headers);
      }
      expect((await api().get('/portal/anything-else')).status).toBe(404);
    });
  });

  describe('GET /assets/pages/*', () => {
    it('serves the shell’s script and stylesheet with their types, nosniff and a long cache', async () => {
      const shell = await api().get(`/g/${tokens.live}`);
      const script = scriptSources(shell.text)[0];
      const stylesheet = /<link rel="stylesheet" href="([^"]+)">/.exec(shell.text)![1];

      const js = await api().get(script);
      expect(js.status).toBe(200);
      expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expectSecurityHeaders(js.headers);
      expect(js.text.length).toBeGreaterThan(1000);
      expect(js.text).toContain('/api/share/');

      const css = await api().get(stylesheet);
      expect(css.status).toBe(200);
      expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
      expectSecurityHeaders(css.headers);
    });

    it.each([
      '/assets/pages/../../package.json',
      '/assets/pages/..%2f..%2fpackage.json',
      '/assets/pages/%2e%2e/%2e%2e/package.json',
      '/assets/pages/..\\..\\package.json',
      '/assets/pages/manifest.json',
      '/assets/pages/',
      '/assets/pages/nothing-ABCDEF12.js',
      '/assets/pages/.env',
      '/assets/pages/gallery.ts',
    ])('refuses %s with a 404', async (path) => {
      const res = await rawGet(path);
      expect(res.status).toBe(404);
      expect(res.body).not.toMatch(/"name":\s*"client-galleries"|APP_KEYS|"gallery":\s*\{/);
    });
  });
});
