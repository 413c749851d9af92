import type { Core } from '@strapi/strapi';
import { recordSources } from '../config';
import { UID } from '../uids';

/**
 * The `recordSources` registry names host content types by string; a typo would only show when
 * a record is saved. Check each one at boot against the host's schema and refuse to start with
 * the reason, as the config validator does for plain values.
 */
export function recordSourceProblems(strapi: Core.Strapi): string[] {
  const problems: string[] = [];
  for (const source of recordSources(strapi)) {
    const contentType = strapi.contentTypes[source.uid as keyof typeof strapi.contentTypes] as any;
    if (!contentType) {
      problems.push(`recordSources: ${source.uid} is not a content type of this app`);
      continue;
    }
    const photos = contentType.attributes?.[source.photosField];
    if (photos?.type !== 'media' || photos.multiple !== true) problems.push(`recordSources: ${source.uid}.${source.photosField} must be a multiple media field`);
    const client = contentType.attributes?.[source.clientField];
    if (client?.type !== 'relation' || client.target !== UID.client || client.relation !== 'manyToOne') {
      problems.push(`recordSources: ${source.uid}.${source.clientField} must be a manyToOne relation to ${UID.client}`);
    }
    const date = contentType.attributes?.[source.dateField];
    if (!['createdAt', 'updatedAt'].includes(source.dateField) && !['date', 'datetime'].includes(date?.type)) {
      problems.push(`recordSources: ${source.uid}.${source.dateField} must be a date or datetime field`);
    }
  }
  return problems;
}

export function checkRecordSources(strapi: Core.Strapi) {
  const problems = recordSourceProblems(strapi);
  if (problems.length > 0) throw new Error(`client-gallery config is invalid:\n  - ${problems.join('\n  - ')}`);
}
