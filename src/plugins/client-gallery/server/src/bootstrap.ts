import type { Core } from '@strapi/strapi';
import { ACTION_DEFINITIONS, PLUGIN_ID } from '../../shared/permissions';

/** Registers "View client gallery" and "Modify client gallery" so they show in the Roles UI. */
export default async function bootstrap({ strapi }: { strapi: Core.Strapi }) {
  await strapi.admin!.services.permission.actionProvider.registerMany(
    ACTION_DEFINITIONS.map(({ uid, displayName }) => ({ section: 'plugins', displayName, uid, pluginName: PLUGIN_ID })),
  );
}
