/**
 * The demo app. Client Galleries itself is the `client-gallery` plugin (src/plugins/client-gallery),
 * enabled in config/plugins.ts; this app only adds its practice records (notes, forms,
 * appointments in src/api), registered with the plugin through `recordSources`.
 */
export default {
  register() {},
  bootstrap() {},
};
