import { ACTIONS } from '../../../shared/permissions';
import { getTranslation } from '../utils/translations';

/** The plugin's pages under Settings → Client galleries, each for "Manage client gallery settings". */
export const SETTINGS_LINKS = [
  {
    id: 'client-gallery-mails',
    to: 'client-gallery/mails',
    intlLabel: { id: getTranslation('settings.mails'), defaultMessage: 'Mails' },
    Component: () => import('../pages/settings/MailsSettingsPage'),
    permissions: [{ action: ACTIONS.settings, subject: null }],
  },
];
