import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { getService } from '../get-service';

/**
 * The Media Library must not delete the original of a photo uploaded to a client's gallery: the
 * gallery-image would point at nothing and its derivatives would be orphaned. Deleting the photo
 * from the gallery (which removes the original when nothing else uses it) is the way.
 * A photo that is in the gallery only because a note, form or appointment carries it may go:
 * its gallery entries (and their derivatives) go first.
 *
 * The check wraps the upload service's `remove`, which every Media Library delete (single, bulk,
 * folder) goes through, before the provider deletes any bytes.
 */
export function guardMediaLibraryDeletes(strapi: Core.Strapi) {
  strapi.get('services').extend('plugin::upload.upload', (service: any) => {
    const remove = service.remove.bind(service);
    service.remove = async (file: { id: number }) => {
      const inGalleries = await getService(strapi, 'record-photos').releaseFile(file.id);
      if (inGalleries > 0) {
        throw new errors.ValidationError(`This file is a photo in ${inGalleries === 1 ? 'a client gallery' : `${inGalleries} client gallery entries`}; delete it from the client gallery instead`, { galleryImages: inGalleries });
      }
      return remove(file);
    };
    return service;
  });
}
