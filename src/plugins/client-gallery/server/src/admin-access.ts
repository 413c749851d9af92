import type { ImageSource } from '../../shared/contracts';

/**
 * Admin-side access decisions, in one place. Photos that came from a note, form or appointment
 * are shown only to a viewer who may read that kind of record in the Content Manager.
 */
const RECORD_SOURCES: Array<{ source: ImageSource; uid: string }> = [
  { source: 'client-note', uid: 'api::client-note.client-note' },
  { source: 'form', uid: 'api::form.form' },
  { source: 'appointment', uid: 'api::appointment.appointment' },
];

interface Ability {
  can(action: string, subject?: string): boolean;
}

export function visibleImageSources(ability: Ability | undefined): ImageSource[] {
  const sources: ImageSource[] = ['upload'];
  for (const { source, uid } of RECORD_SOURCES) {
    if (ability?.can('plugin::content-manager.explorer.read', uid)) sources.push(source);
  }
  return sources;
}
