import { ACTIONS } from '../../../shared/permissions';
import { getTranslation } from '../utils/translations';

/** The plugin's pages under the admin's Settings, in a "Client galleries" section (index.ts registers it). */
export const settingsLinks = [
  {
    id: 'client-gallery-watermarks',
    to: 'client-gallery/watermarks',
    intlLabel: { id: getTranslation('settings.watermarks.link'), defaultMessage: 'Watermarks' },
    Component: () => import('../pages/settings/WatermarksSettingsPage'),
    permissions: [{ action: ACTIONS.settings, subject: null }],
  },
];
