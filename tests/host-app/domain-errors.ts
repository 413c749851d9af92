import { describeReply, type client, type Reply } from './http';

/**
 * A domain error from any of the plugin's route families reaches the client as its own 4xx with
 * Strapi's JSON error body, never as a 500: in the host, the plugin's errors meet that host's
 * @strapi/utils and error middleware, which may be another 5.x than the one the plugin was built
 * against. Called from smoke.test.ts, on its host and with what its earlier specifications made.
 */
export interface DomainErrorContext {
  http: ReturnType<typeof client>;
  editor: string;
  apiToken: string;
  portalJwt: string;
  galleryId: string;
  generalToken: string;
}

/** A documentId that names nothing: the right shape, never made. */
const UNKNOWN_ID = 'nosuchdocument00000000000';
/** A link token's shape (43 base64url characters) that no link has. */
const UNKNOWN_TOKEN = 'A'.repeat(43);

/** The status, and Strapi's error body (`{ data: null, error: { status, name, message } }`) that says the same. */
export function expectDomainError(reply: Reply, status: number, name?: string) {
  const detail = describeReply(reply);
  if (reply.status !== status) throw new Error(`expected ${status}, got ${detail}`);
  if (!reply.type.includes('application/json') || !reply.body?.error) throw new Error(`expected a JSON error body, got ${detail}`);
  expect(reply.body.error.status).toBe(status);
  expect(typeof reply.body.error.message).toBe('string');
  if (name) expect(reply.body.error.name).toBe(name);
}

export function describeDomainErrors(context: () => DomainErrorContext) {
  describe('domain errors are 4xx with a JSON body, in every route family', () => {
    it('admin routes: an unknown gallery is 404, a bad body 400', async () => {
      const { http, editor, galleryId } = context();
      expectDomainError(await http.get(`/client-gallery/galleries/${UNKNOWN_ID}/images`, { token: editor }), 404, 'NotFoundError');
      expectDomainError(await http.put(`/client-gallery/galleries/${galleryId}`, { token: editor, json: { status: 'sideways' } }), 400, 'ValidationError');
      expectDomainError(await http.post(`/client-gallery/galleries/${galleryId}/links`, { token: editor, json: { kind: 'everyone' } }), 400, 'ValidationError');
    });

    it('studio REST routes (API token): a bad body is 400, an unknown merge 404', async () => {
      const { http, apiToken } = context();
      expectDomainError(await http.post('/api/share-links', { token: apiToken, json: { data: { kind: 'general' } } }), 400, 'ValidationError');
      expectDomainError(await http.post(`/api/client-merges/${UNKNOWN_ID}/undo`, { token: apiToken }), 404, 'NotFoundError');
    });

    it('share API: an unknown token is 404, a bad package order 400, an action the gallery does not allow 403', async () => {
      const { http, generalToken } = context();
      expectDomainError(await http.get(`/api/share/${UNKNOWN_TOKEN}`), 404, 'NotFoundError');
      expectDomainError(await http.get(`/api/share/${UNKNOWN_TOKEN}/images`), 404, 'NotFoundError');
      expectDomainError(await http.post(`/api/share/${generalToken}/packages`, { json: { resolution: 'poster' } }), 400, 'ValidationError');
      // The smoke suite's gallery is `ready` (delivered, not in proofing): favourites are refused.
      expectDomainError(await http.put(`/api/share/${generalToken}/favourites/${UNKNOWN_ID}`), 403, 'ActionNotAllowedError');
    });

    it('package routes: a forged package token is 404', async () => {
      const { http } = context();
      expectDomainError(await http.get('/api/packages/not-a-package-token'), 404);
      expectDomainError(await http.get('/api/packages/not-a-package-token/status'), 404);
    });

    it('portal routes: no account is refused, a malformed gallery id 400, an unshared one 404', async () => {
      const { http, portalJwt } = context();
      const anonymous = await http.get('/api/portal/galleries');
      expect([401, 403]).toContain(anonymous.status);
      expect(anonymous.body?.error?.status).toBe(anonymous.status);
      expectDomainError(await http.post(`/api/portal/galleries/${'x'.repeat(65)}/open`, { token: portalJwt }), 400, 'ValidationError');
      expectDomainError(await http.post(`/api/portal/galleries/${UNKNOWN_ID}/open`, { token: portalJwt }), 404, 'NotFoundError');
    });

    it('media: a forged visitor URL and a bad staff signature are the same bare 404', async () => {
      const { http } = context();
      expectDomainError(await http.get(`/media/originals/${UNKNOWN_ID}.jpg?exp=9999999999&cap=1&img=${UNKNOWN_ID}&sig=forged`), 404);
      expectDomainError(await http.get(`/media/originals/${UNKNOWN_ID}.jpg?exp=9999999999&sig=forged`), 404);
    });
  });
}
