import { redactCapabilityUrl, redactValue } from '../../src/plugins/client-gallery/server/src/lib/log-redaction';

const TOKEN = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde';
const SIG = 'Zy9XwVuTsRqPoNmLkJiHgFeDcBa876543210-_zyxwv';

describe('log-redaction', () => {
  it.each([
    ['the gallery page', `/g/${TOKEN}`, '/g/AbCd…'],
    ['the gallery page with a query', `/g/${TOKEN}?utm=mail`, '/g/AbCd…?utm=mail'],
    ['the share API', `/api/share/${TOKEN}`, '/api/share/AbCd…'],
    ['a share API route below the token', `/api/share/${TOKEN}/images/doc123/download?resolution=web`, '/api/share/AbCd…/images/doc123/download?resolution=web'],
    ['a package', `/api/packages/${TOKEN}`, '/api/packages/AbCd…'],
    ['a package status', `/api/packages/${TOKEN}/status`, '/api/packages/AbCd…/status'],
    ['a signed media URL', `/media/derivatives/ab/cd.jpg?exp=1790000000&cap=doc1.vvvv&sig=${SIG}`, '/media/derivatives/ab/cd.jpg?exp=1790000000&cap=doc1…&sig=Zy9X…'],
    ['a portal reset code', `/portal/reset-password?code=${TOKEN}`, '/portal/reset-password?code=AbCd…'],
    ['an email confirmation', `/api/auth/email-confirmation?confirmation=${TOKEN}`, '/api/auth/email-confirmation?confirmation=AbCd…'],
    ['an S3-style signature in any case', `/x?X-Amz-Signature=${SIG}`, '/x?X-Amz-Signature=Zy9X…'],
    ['a short token', '/g/abc', '/g/…'],
    ['the share API description (no token)', '/api/share-api/openapi.json', '/api/share-api/openapi.json'],
    ['an ordinary admin route', '/client-gallery/galleries/abc?page=2', '/client-gallery/galleries/abc?page=2'],
    ['a content-manager listing', '/content-manager/collection-types/plugin::client-gallery.gallery?page=1&sort=title:ASC', '/content-manager/collection-types/plugin::client-gallery.gallery?page=1&sort=title:ASC'],
    ['a malformed query name', `/media/a.jpg?%E0%A4%A=1&sig=${SIG}`, '/media/a.jpg?%E0%A4%A=1&sig=Zy9X…'],
  ])('%s', (_case, url, expected) => {
    expect(redactCapabilityUrl(url)).toBe(expected);
  });

  it("follows the host's REST prefix", () => {
    expect(redactCapabilityUrl(`/rest/v1/share/${TOKEN}/images`, '/rest/v1')).toBe('/rest/v1/share/AbCd…/images');
    expect(redactCapabilityUrl(`/api/share/${TOKEN}`, '/rest/v1')).toBe(`/api/share/${TOKEN}`);
  });

  it('keeps at most four characters of a value', () => {
    expect(redactValue(TOKEN)).toBe('AbCd…');
    expect(redactValue('abcd')).toBe('…');
  });
});
