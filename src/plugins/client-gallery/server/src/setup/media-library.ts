import type { Core } from '@strapi/strapi';

/**
 * The Media Library's own upload settings, chosen once for a photo studio.
 *
 * Strapi's defaults re-encode every uploaded image at quality 80 (sizeOptimization), which drops
 * its EXIF (the capture date a note's photo is dated by) and, with autoOrientation off, leaves a
 * portrait lying on its side. Studios' originals stay byte for byte, as gallery ingest keeps them;
 * our derivatives apply the orientation and strip GPS on delivery. Strapi's AI captions would send
 * client photos to a third party, so they are off too.
 *
 * An opt-in (`hostSettings.studioMediaLibrary`): these are the host's Media Library settings.
 * Applied once per database (a marker in the store), so a studio that later changes these in
 * Settings → Media Library keeps its choice.
 */
const STUDIO_SETTINGS = { sizeOptimization: false, autoOrientation: false, aiMetadata: false };

export async function applyStudioMediaSettings(strapi: Core.Strapi) {
  const marker = strapi.store({ type: 'core', name: 'client-galleries', key: 'media-library-settings' });
  if (await marker.get({})) return;
  const upload = strapi.plugin('upload').service('upload');
  await upload.setSettings({ ...((await upload.getSettings()) ?? {}), ...STUDIO_SETTINGS });
  await marker.set({ value: { appliedAt: new Date().toISOString(), ...STUDIO_SETTINGS } });
}
