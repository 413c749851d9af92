import type { Core, UID as StrapiUID } from '@strapi/strapi';
import { getService } from '../../src/plugins/client-gallery/server/src/get-service';
import { UID } from '../../src/plugins/client-gallery/server/src/uids';

/**
 * Services and content types are reached through typed names. The `@ts-expect-error` lines are
 * the test: `npm test` type-checks this file first (tsc -p tests), and fails if a misspelt name
 * stops being a type error.
 */
const fakeStrapi = { plugin: (name: string) => ({ service: (service: string) => ({ plugin: name, service }) }) } as unknown as Core.Strapi;

describe('typed wiring', () => {
  it('reaches a service of the plugin by its name', () => {
    expect(getService(fakeStrapi, 'share-access')).toEqual({ plugin: 'client-gallery', service: 'share-access' });
  });

  it('refuses a misspelt service name or content type at compile time', () => {
    // @ts-expect-error: there is no service "share-acess"
    expect(() => getService(fakeStrapi, 'share-acess')).not.toThrow();
    // @ts-expect-error: there is no content type "galery"
    expect(UID.galery).toBeUndefined();
    const documents = (uid: StrapiUID.ContentType) => uid;
    expect(documents(UID.gallery)).toBe('plugin::client-gallery.gallery');
    // @ts-expect-error: the generated types know every content type of the app and its plugins
    expect(documents('plugin::client-gallery.galery')).toBe('plugin::client-gallery.galery');
  });

  it('gives each service its own type, so a wrong method is a compile error too', () => {
    const access = getService(fakeStrapi, 'share-access');
    // @ts-expect-error: share-access has no method "authorise"
    expect(access.authorise).toBeUndefined();
  });
});
