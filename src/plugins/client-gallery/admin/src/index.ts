import { ACTIONS, PLUGIN_ID } from '../../shared/permissions';
import { PluginIcon } from './components/PluginIcon';
import { getTranslation } from './utils/translations';
import { SETTINGS_LINKS, SETTINGS_SECTION } from './settings/links';

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
    // The studio's settings pages, under Settings › Client gallery (settings/links.ts lists them).
    // addSettingsLink with a section object is createSettingSection without its deprecation.
    app.addSettingsLink(SETTINGS_SECTION, SETTINGS_LINKS);
    app.registerPlugin({ id: PLUGIN_ID, name: 'Client gallery' });
    // What needs the studio's attention, on Strapi's admin home page.
    app.widgets?.register({
      id: 'dashboard',
      pluginId: PLUGIN_ID,
      icon: PluginIcon,
      title: { id: getTranslation('dashboard.widget.title'), defaultMessage: 'Client galleries: needs attention' },
      component: async () => (await import('./components/DashboardWidget')).DashboardWidget,
      permissions: [{ action: ACTIONS.read, subject: null }],
    });
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
