import type { Core } from '@strapi/strapi';
import type { ImageSource } from '../../../shared/contracts';
import { recordSources } from '../config';

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
