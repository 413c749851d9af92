import { defaultFileRoutes, fileRouteMatcher } from '../../src/plugins/client-gallery/server/src/lib/file-routes';

/** Which requests may carry a multipart body: only the routes that take files. */
describe('file routes', () => {
  const takesFiles = fileRouteMatcher(defaultFileRoutes('/api', ''));

  it.each([
    ['POST', '/api/gallery-images/ingest', true],
    ['post', '/api/gallery-images/ingest/', true],
    ['PUT', '/api/gallery-images/ingest', false],
    ['POST', '/api/gallery-images', false],
    ['POST', '/api/gallery-images/ingest/extra', false],
    ['POST', '/client-gallery/clients/abc123/images', true],
    ['POST', '/client-gallery/clients/abc/def/images', false],
    ['POST', '/client-gallery/clients//images', false],
    ['POST', '/upload', true],
    ['POST', '/upload/files', true],
    ['POST', '/upload/files/7/replace', true],
    ['POST', '/upload/actions/bulk-delete', false],
    ['POST', '/api/upload', false],
    ['POST', '/admin/project-settings', true],
    ['POST', '/admin/login', false],
    ['POST', '/api/share/su.x/unlock', false],
    ['PATCH', '/api/galleries', false],
    ['POST', '/uploadx', false],
  ])('%s %s → %s', (method, path, expected) => {
    expect(takesFiles(method, path)).toBe(expected);
  });

  it('follows the API prefix and the plugin REST prefix', () => {
    const moved = fileRouteMatcher(defaultFileRoutes('/v2', '/client-gallery'));
    expect(moved('POST', '/v2/client-gallery/gallery-images/ingest')).toBe(true);
    expect(moved('POST', '/api/gallery-images/ingest')).toBe(false);
  });

  it('adds host routes, and treats dots in them literally', () => {
    const host = fileRouteMatcher(['POST /api/upload', 'PUT /api/avatars/:id/photo.jpg']);
    expect(host('POST', '/api/upload')).toBe(true);
    expect(host('PUT', '/api/avatars/9/photo.jpg')).toBe(true);
    expect(host('PUT', '/api/avatars/9/photoXjpg')).toBe(false);
  });

  it.each(['/api/upload', 'UPLOAD /x', 'POST api/upload', 'POST /a b'])('refuses the malformed route %p', (route) => {
    expect(() => fileRouteMatcher([route])).toThrow(/METHOD \/path/);
  });
});
