import { ACTIONS } from '../../../shared/permissions';
import { getTranslation } from '../utils/translations';

/**
 * The plugin's pages under the admin's Settings, in the order they are listed: one section
 * ("Client gallery"), a link per page. Each needs "Manage client gallery settings"; a page of
 * another part of the settings (watermarks, mails) is one more entry here.
 */
export interface SettingsLink {
  id: string;
  /** Relative to /settings. */
  to: string;
  intlLabel: { id: string; defaultMessage: string };
  Component: () => Promise<{ default: React.ComponentType }>;
  permissions: Array<{ action: string; subject: null }>;
}

const manage = [{ action: ACTIONS.settings, subject: null }];

export const SETTINGS_SECTION = { id: 'client-gallery', intlLabel: { id: getTranslation('settings.section'), defaultMessage: 'Client gallery' } };

export const SETTINGS_LINKS: SettingsLink[] = [
  {
    id: 'client-gallery-general',
    to: 'client-gallery/general',
    intlLabel: { id: getTranslation('settings.general.link'), defaultMessage: 'General' },
    Component: () => import('../pages/settings/GeneralSettingsPage'),
    permissions: manage,
  },
  {
    id: 'client-gallery-watermarks',
    to: 'client-gallery/watermarks',
    intlLabel: { id: getTranslation('settings.watermarks.link'), defaultMessage: 'Watermarks' },
    Component: () => import('../pages/settings/WatermarksSettingsPage'),
    permissions: manage,
  },
  {
    id: 'client-gallery-mails',
    to: 'client-gallery/mails',
    intlLabel: { id: getTranslation('settings.mails'), defaultMessage: 'Mails' },
    Component: () => import('../pages/settings/MailsSettingsPage'),
    permissions: manage,
  },
];
