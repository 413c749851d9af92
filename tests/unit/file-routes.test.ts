import { fileRouteMatcher, isWrittenRoute, servedPath, strapiFileRoutes, type MountedRoutes } from '../../src/plugins/client-gallery/server/src/lib/file-routes';

/** Which requests may carry a multipart body: only the routes that take files. */
describe('file routes', () => {
  describe("Strapi's own file routes", () => {
    const takesFiles = fileRouteMatcher(strapiFileRoutes('/api'));

    it.each([
      ['POST', '/api/upload', true],
      ['post', '/api/upload/', true],
      ['PUT', '/api/upload', false],
      ['POST', '/api/upload/files/1', false],
      ['POST', '/upload', true],
      ['POST', '/upload/files', true],
      ['POST', '/upload/files/7/replace', true],
      ['POST', '/upload/actions/bulk-delete', false],
      ['POST', '/admin/project-settings', true],
      ['POST', '/admin/login', false],
      ['POST', '/api/gallery-images/ingest', false],
      ['POST', '/uploadx', false],
    ])('%s %s → %s', (method, path, expected) => {
      expect(takesFiles(method, path)).toBe(expected);
    });

    it('follows the REST prefix', () => {
      const moved = fileRouteMatcher(strapiFileRoutes('/v2'));
      expect(moved('POST', '/v2/upload')).toBe(true);
      expect(moved('POST', '/api/upload')).toBe(false);
    });
  });

  it('matches :param segments and treats dots literally', () => {
    const host = fileRouteMatcher(['POST /api/forms/:id/photos', 'PUT /api/avatars/:id/photo.jpg']);
    expect(host('POST', '/api/forms/9/photos')).toBe(true);
    expect(host('POST', '/api/forms/9/x/photos')).toBe(false);
    expect(host('POST', '/api/forms//photos')).toBe(false);
    expect(host('PUT', '/api/avatars/9/photo.jpg')).toBe(true);
    expect(host('PUT', '/api/avatars/9/photoXjpg')).toBe(false);
  });

  it.each(['/api/upload', 'UPLOAD /x', 'POST api/upload', 'POST /a b', 'POST /a/:id(\\d+)'])('refuses the malformed route %p', (route) => {
    expect(isWrittenRoute(route)).toBe(false);
    expect(() => fileRouteMatcher([route])).toThrow(/METHOD \/path/);
  });

  describe('the path Strapi serves a route at', () => {
    const route = (path: string, config?: Record<string, unknown>) => ({ method: 'POST', path, config });
    it.each<[string, MountedRoutes, ReturnType<typeof route>, string]>([
      ["a plugin's content-API route, under the REST prefix and the plugin's", { type: 'content-api', prefix: '/upload' }, route('/'), '/api/upload'],
      ['a content-API route with its own prefix, straight under the REST prefix', { type: 'content-api', prefix: '/client-gallery' }, route('/share/:token', { prefix: '' }), '/api/share/:token'],
      ['whatever that own prefix says', { type: 'content-api', prefix: '/x' }, route('/y', { prefix: '/ignored' }), '/api/y'],
      ["an API's router (no prefix)", { type: 'content-api' }, route('/forms/:id/photos'), '/api/forms/:id/photos'],
      ['an admin router, at the root', { type: 'admin', prefix: '/upload' }, route('/files/:id/replace'), '/upload/files/:id/replace'],
      ['an untyped router, at the root under its prefix', { prefix: '/hooks' }, route('/in'), '/hooks/in'],
      ['bare routes, as written', [], route('/media/:key'), '/media/:key'],
      ['the root itself', [], route('/'), '/'],
    ])('%s', (_label, mounted, definition, expected) => {
      const served = servedPath('/api', Array.isArray(mounted) ? [definition] : { ...mounted, routes: [definition] }, definition);
      expect(served).toBe(expected);
    });
  });
});
