import type { Core } from '@strapi/strapi';
import type { ImageSource } from '../../../shared/contracts';
import { recordSources } from '../config';
import { NOT_A_MARKUP_DRAFT, notAMarkupDraft } from '../lib/final-photos';
import { UID } from '../uids';

/**
 * Admin-side access decisions, in one place. Photos that came from a host record (a note, a form,
 * an appointment: the `recordSources` registry) are shown only to a viewer who may read that kind
 * of record in the Content Manager.
 */
interface Ability {
  can(action: string, subject?: string): boolean;
}

export function visibleImageSources(strapi: Core.Strapi, ability: Ability | undefined): ImageSource[] {
  const sources: ImageSource[] = ['upload', 'comparison'];
  for (const { kind, uid } of recordSources(strapi)) {
    if (ability?.can('plugin::content-manager.explorer.read', uid)) sources.push(kind);
  }
  return sources;
}

/**
 * Which photos a staff member sees: final ones (a markup draft never shows) from `sources`. Every
 * admin listing and every admin count goes through it, so a number never counts a photo whose
 * tile the same viewer does not get ("5 photos" over 4 tiles). `where` is the rule for the query
 * engine; `filter` adds the same rule to a knex query on the gallery-image table aliased `alias`.
 */
export function visiblePhotos(strapi: Core.Strapi, sources: ImageSource[]) {
  const meta = strapi.db.metadata.get(UID.galleryImage);
  const column = (name: string) => (meta.attributes[name] as any).columnName ?? name;
  const [source, markupDraft] = [column('source'), column('markupDraft')];
  return {
    where: { $and: [{ source: { $in: sources } }, NOT_A_MARKUP_DRAFT] },
    filter<Q extends { whereIn: any; andWhere: any }>(query: Q, alias: string): Q {
      return query
        .whereIn(`${alias}.${source}`, sources)
        .andWhere(notAMarkupDraft(`${alias}.${markupDraft}`));
    },
  };
}
