import sharp from 'sharp';
import type { Core } from '@strapi/strapi';
import { ACTION_DEFINITIONS, PLUGIN_ID } from '../../shared/permissions';
import { pluginConfig } from './config';
import { registerCronTasks } from './cron';
import { getService } from './get-service';
import { MILESTONE_EVENT, MILESTONE_WEBHOOK_KEY } from './lib/milestones';
import { accountAttempts } from './middlewares/account-attempts';
import { redactRequestLog } from './middlewares/request-log-redaction';
import { guardContentManager } from './middlewares/content-manager-guard';
import { refuseBadText } from './middlewares/text-input';
import { finishWatermarkMigration } from './setup/watermark-migration';
import { finishMembershipMigration } from './setup/membership-migration';
import { finishLinkStatsBackfill } from './setup/link-stats-migration';
import { applyStudioMediaSettings } from './setup/media-library';
import { checkRecordSources } from './setup/record-sources';
import { quietClientDisconnects } from './setup/client-disconnects';
import { reportUnmatchedFileRoutes } from './setup/file-routes';
import { bodyParserAdvice } from './lib/body-parser-advice';

export default async function bootstrap({ strapi }: { strapi: Core.Strapi }) {
  // "View client gallery" and "Modify client gallery", shown in Settings → Roles.
  await strapi.admin!.services.permission.actionProvider.registerMany(
    ACTION_DEFINITIONS.map(({ uid, displayName }) => ({ section: 'plugins', displayName, uid, pluginName: PLUGIN_ID })),
  );
  // Settings → Webhooks may subscribe to milestones (activity.milestone() emits them).
  strapi.get('webhookStore').addAllowedEvent(MILESTONE_WEBHOOK_KEY, MILESTONE_EVENT);
  checkRecordSources(strapi);
  await getService(strapi, 'storage')
    .requirePrivate()
    .catch((error: Error) => strapi.log.error(`client-gallery: ${error.message}. Photo uploads are refused until then.`));
  await finishWatermarkMigration(strapi);
  await finishMembershipMigration(strapi);
  await finishLinkStatsBackfill(strapi);
  if (pluginConfig(strapi).hostSettings.studioMediaLibrary) await applyStudioMediaSettings(strapi);
  // Inside strapi::logger (added after the host's middlewares): tokens cut from the request log.
  strapi.server.use(redactRequestLog(strapi));
  // Text checks before anything reads the parsed body, so no rule, guard or counter key sees a NUL.
  strapi.server.use(refuseBadText());
  // The Content Manager kept away from the plugin's secret-bearing types.
  strapi.server.use(guardContentManager(strapi));
  // Log-in attempts counted in the database; added after the host's middlewares, so the body is parsed.
  strapi.server.use(accountAttempts(strapi));
  registerCronTasks(strapi);
  adviseOnBodyParser(strapi);
  reportUnmatchedFileRoutes(strapi);
  quietClientDisconnects(strapi);
  // No libvips operation cache: sources are decoded once and never again, so caching only adds RSS.
  sharp.cache(false);
  await getService(strapi, 'watermark').warm();
}

/** The plugin works under a plain strapi::body, but only its gate, placed right, keeps uploads unread until authentication. */
function adviseOnBodyParser(strapi: Core.Strapi) {
  const advice = bodyParserAdvice((strapi.config.get('middlewares') as unknown[] | undefined) ?? []);
  if (advice) strapi.log[advice.level](`client-gallery: ${advice.message}`);
}
