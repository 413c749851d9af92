/** The plugin's RBAC actions, defined once for the server (registration, route gating) and the admin (menu, pages). */
export const PLUGIN_ID = 'client-gallery';

export const ACTIONS = {
  /** "View client gallery": see clients and their photos. */
  read: 'plugin::client-gallery.gallery.read',
  /** "Modify client gallery": upload, label, delete, merge, share, download. */
  update: 'plugin::client-gallery.gallery.update',
  /** "Manage client gallery settings": the studio's settings, brand, watermark designs and mail texts. */
  settings: 'plugin::client-gallery.settings.manage',
} as const;

export const ACTION_DEFINITIONS = [
  { uid: 'gallery.read', displayName: 'View client gallery', action: ACTIONS.read },
  { uid: 'gallery.update', displayName: 'Modify client gallery', action: ACTIONS.update },
  { uid: 'settings.manage', displayName: 'Manage client gallery settings', action: ACTIONS.settings },
] as const;
