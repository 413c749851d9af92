// NODE_ENV=without-client-gallery: the host as it was before Client Galleries, the package installed
// but the plugin off. tests/host-app/host-settings.test.ts boots it so to read the host's settings
// before the plugin's first boot. Strapi merges this over config/plugins.js.
module.exports = { 'client-gallery': { enabled: false } };
