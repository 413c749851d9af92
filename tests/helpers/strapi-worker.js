/* eslint-disable */
/**
 * A second Strapi server process for tests that must show a limit holds across processes.
 * It boots from dist/ on the database named by its environment, listens on an ephemeral
 * loopback port, prints `READY <port>`, and then answers service calls sent as JSON lines on
 * stdin: {"id": 1, "service": "api::x.y", "method": "take", "args": [...]} -> {"id": 1, "result": ...}.
 */
const path = require('path');
const readline = require('readline');

const appDir = path.resolve(__dirname, '..', '..');

async function main() {
  const { createStrapi } = require('@strapi/strapi');
  const strapi = await createStrapi({ appDir, distDir: path.join(appDir, 'dist'), autoReload: false, serveAdminPanel: false }).load();
  await new Promise((resolve) => strapi.server.listen(0, '127.0.0.1', resolve));
  process.stdout.write(`READY ${strapi.server.httpServer.address().port}\n`);

  const lines = readline.createInterface({ input: process.stdin });
  lines.on('line', async (line) => {
    if (line === 'STOP') {
      await strapi.destroy();
      process.exit(0);
    }
    const { id, service, method, args } = JSON.parse(line);
    try {
      const result = await strapi.service(service)[method](...args);
      process.stdout.write(`${JSON.stringify({ id, result })}\n`);
    } catch (error) {
      process.stdout.write(`${JSON.stringify({ id, error: { name: error.name, message: error.message, details: error.details } })}\n`);
    }
  });
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
