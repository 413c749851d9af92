/**
 * The plugin's own menu icon (the Media Library already uses @strapi/icons' Images): two photos
 * side by side, a before and an after. Drawn in currentColor so the menu's states colour it.
 */
export const PluginIcon = () => (
  <svg width="20" height="20" viewBox="0 0 32 32" fill="none" aria-hidden="true" focusable="false">
    <rect x="3" y="7" width="12" height="18" rx="2" stroke="currentColor" strokeWidth="2.2" />
    <rect x="17" y="7" width="12" height="18" rx="2" stroke="currentColor" strokeWidth="2.2" />
    <path d="M5.5 21l3.5-4.5 2.5 3 1.5-2 1.5 3.5" stroke="currentColor" strokeWidth="1.8" strokeLinejoin="round" />
    <circle cx="24.5" cy="12.5" r="2" fill="currentColor" />
    <path d="M19.5 21l3-3.5 4 4" stroke="currentColor" strokeWidth="1.8" strokeLinejoin="round" />
  </svg>
);
