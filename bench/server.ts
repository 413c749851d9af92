import path from 'path';

/**
 * One Strapi server for one bench phase, in its own process so its peak RSS (VmHWM) is its own.
 * Prints one JSON line {port, token, client} on stdout once it listens, and runs until killed.
 */
async function main() {
  const appDir = path.resolve(__dirname, '..', '..', '..');
  const { createStrapi } = await import('@strapi/strapi');
  const strapi = await createStrapi({ appDir, distDir: path.join(appDir, 'dist'), autoReload: false, serveAdminPanel: false }).load();
  await strapi.listen();
  const token = await strapi.service('admin::api-token').create({ name: 'bench', type: 'full-access', lifespan: null, description: '' });
  const client = await strapi.documents('plugin::client-gallery.client').create({ data: { name: 'Bench Client' } as any });
  const address = strapi.server.httpServer.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`${JSON.stringify({ port, token: token.accessKey, client: client.documentId })}\n`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
