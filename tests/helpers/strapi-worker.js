/* eslint-disable */
/**
 * A second Strapi server process for tests that must show a limit holds across processes.
 *
 * It reads lines on stdin:
 *   BOOT {"KEY": "value", …}   boot from dist/ with exactly this environment (on the database it
 *                              names), listen on an ephemeral loopback port, print `READY <port>`;
 *   {"id": 1, "service": "api::x.y", "method": "take", "args": […]}
 *                              call a service of the booted Strapi, print {"id": 1, "result": …};
 *   STOP                       destroy that Strapi and print `STOPPED`; the process waits for the
 *                              next BOOT (tests/helpers/second-process.ts keeps it for the next
 *                              test file, so Strapi's modules are loaded once, not once per file).
 * When stdin closes (the jest worker is gone), the process exits.
 */
const path = require('path');
const readline = require('readline');

const appDir = path.resolve(__dirname, '..', '..');
const baseEnv = { ...process.env };
let strapi;

/** The environment of one boot: this process's own, plus the boot's; nothing of an earlier boot. */
function useEnv(env) {
  for (const key of Object.keys(process.env)) if (!(key in baseEnv)) delete process.env[key];
  Object.assign(process.env, baseEnv, env);
}

/** Strapi's destroy() ends with process.removeAllListeners(); keep what this process listened to. */
function savedListeners() {
  return process.eventNames().map((event) => [event, process.listeners(event)]);
}
function restoreListeners(saved) {
  for (const [event, listeners] of saved) for (const listener of listeners) if (!process.listeners(event).includes(listener)) process.on(event, listener);
}

async function boot(env) {
  useEnv(env);
  // As in a fresh process: login rate limits are module state in koa2-ratelimit's memory store.
  require('koa2-ratelimit').Stores.Memory.cleanAll();
  const { createStrapi } = require('@strapi/strapi');
  strapi = await createStrapi({ appDir, distDir: path.join(appDir, 'dist'), autoReload: false, serveAdminPanel: false }).load();
  await new Promise((resolve) => strapi.server.listen(0, '127.0.0.1', resolve));
  process.stdout.write(`READY ${strapi.server.httpServer.address().port}\n`);
}

async function stop() {
  const listeners = savedListeners();
  const stopping = strapi;
  strapi = undefined;
  try {
    if (stopping) await stopping.destroy();
  } finally {
    restoreListeners(listeners);
  }
  process.stdout.write('STOPPED\n');
}

async function call({ id, service, method, args }) {
  try {
    const result = await strapi.service(service)[method](...args);
    process.stdout.write(`${JSON.stringify({ id, result })}\n`);
  } catch (error) {
    process.stdout.write(`${JSON.stringify({ id, error: { name: error.name, message: error.message, details: error.details } })}\n`);
  }
}

const fail = (error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
};

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.startsWith('BOOT ')) boot(JSON.parse(line.slice(5))).catch(fail);
  else if (line === 'STOP') stop().catch(fail);
  else call(JSON.parse(line));
});
process.stdin.on('close', () => process.exit(0));
