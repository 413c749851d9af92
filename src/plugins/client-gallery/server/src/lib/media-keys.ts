/**
 * How a stored object is named in the plugin's /media URLs: a provider-neutral key that works the
 * same on the private local store and on S3, and its inverse. Pure, so every door to stored bytes
 * (storage, packages, media routes, the sweeper) names files the same way.
 */
/** A stored file as the upload provider names it. */
export interface StoredObject {
  /** Folder inside the store ("derivatives/<checksum>"); originals have none. */
  path?: string;
  hash: string;
  ext: string;
  mime: string;
  /**
   * The provider's unsigned address. Kept for media-library originals (Strapi's own rows have it);
   * derivative records leave it out, so no stored JSON (the Content Manager shows private fields)
   * holds a storage URL. It is rebuilt from the key when signing.
   */
  url?: string;
  size?: number;
}

/** Where visitor and staff media URLs point: the plugin's checked route. */
export const MEDIA_PREFIX = '/media/';

/** The provider-neutral key of a stored object (`derivatives/<dir>/<id>.jpg`), as /media URLs name it. */
export function mediaKeyOf(object: Pick<StoredObject, 'path' | 'hash' | 'ext'>): string {
  return `${object.path ? `${object.path}/` : ''}${object.hash}${object.ext ?? ''}`;
}

/** The object a /media key names (the inverse of mediaKeyOf). */
export function objectOfMediaKey(key: string): Pick<StoredObject, 'path' | 'hash' | 'ext'> {
  const slash = key.lastIndexOf('/');
  const name = key.slice(slash + 1);
  const dot = name.lastIndexOf('.');
  return { path: slash > 0 ? key.slice(0, slash) : undefined, hash: dot > 0 ? name.slice(0, dot) : name, ext: dot > 0 ? name.slice(dot) : '' };
}
