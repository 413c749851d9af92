import { ACTIONS, PLUGIN_ID } from '../../shared/permissions';
import { PluginIcon } from './components/PluginIcon';
import { getTranslation } from './utils/translations';
import { settingsLinks } from './settings/links';

/** The plugin's strings per admin locale; a second language is one more file and one more line here. */
const TRANSLATIONS: Record<string, () => Promise<{ default: Record<string, string> }>> = {
  en: () => import('./translations/en.json'),
};

export default {
  register(app: any) {
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}`,
      icon: PluginIcon,
      intlLabel: { id: getTranslation('plugin.name'), defaultMessage: 'Client gallery' },
      Component: () => import('./pages/App'),
      permissions: [{ action: ACTIONS.read, subject: null }],
    });
    app.createSettingSection(
      { id: PLUGIN_ID, intlLabel: { id: getTranslation('settings.section'), defaultMessage: 'Client galleries' } },
      settingsLinks,
    );
    app.registerPlugin({ id: PLUGIN_ID, name: 'Client gallery' });
  },

  /** As the core plugins do: each locale's file, its ids prefixed with the plugin's id; a missing locale falls back to the English defaults. */
  async registerTrads({ locales }: { locales: string[] }) {
    return Promise.all(
      locales.map(async (locale) => {
        const load = TRANSLATIONS[locale];
        if (!load) return { data: {}, locale };
        const { default: data } = await load();
        return { data: Object.fromEntries(Object.entries(data).map(([id, text]) => [`${PLUGIN_ID}.${id}`, text])), locale };
      }),
    );
  },
};
