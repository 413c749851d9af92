import { ACTIONS, PLUGIN_ID } from '../../shared/permissions';
import { PluginIcon } from './components/PluginIcon';

export default {
  register(app: any) {
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}`,
      icon: PluginIcon,
      intlLabel: { id: `${PLUGIN_ID}.plugin.name`, defaultMessage: 'Client gallery' },
      Component: () => import('./pages/App'),
      permissions: [{ action: ACTIONS.read, subject: null }],
    });
    app.registerPlugin({ id: PLUGIN_ID, name: 'Client gallery' });
  },

  async registerTrads({ locales }: { locales: string[] }) {
    return locales.map((locale) => ({ data: {}, locale }));
  },
};
