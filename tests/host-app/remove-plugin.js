#!/usr/bin/env node
/**
 * The plugin README's uninstall steps, done to the installed host by scripts/host-app-smoke.sh
 * once the smoke suite is over (the script runs `npm uninstall` itself afterwards):
 *   1. note every table of the host's SQLite database and its row count (what uninstall.test.ts
 *      compares against);
 *   2. for the first boot without the plugin, `settings.forceMigration: false` (written as the
 *      production override config/env/production/database.js): Strapi's schema sync would
 *      otherwise drop the tables of a plugin that is gone;
 *   3. remove the plugin's entry from config/plugins.js and its middlewares from
 *      config/middlewares.js, and check that both files still load and no longer name it.
 *
 *   node tests/host-app/remove-plugin.js <host dir> <database file> <snapshot.json>
 */
const fs = require('fs');
const path = require('path');
const Database = require('better-sqlite3');

const [hostDir, databaseFile, snapshotFile] = process.argv.slice(2);
if (!hostDir || !databaseFile || !snapshotFile) {
  console.error('usage: remove-plugin.js <host dir> <database file> <snapshot.json>');
  process.exit(2);
}

function snapshotTables() {
  const db = new Database(path.resolve(hostDir, databaseFile), { readonly: true, fileMustExist: true });
  try {
    const names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all();
    const counts = Object.fromEntries(names.map((name) => [name, db.prepare(`SELECT COUNT(*) FROM "${name}"`).pluck().get()]));
    fs.writeFileSync(snapshotFile, `${JSON.stringify(counts, null, 2)}\n`);
    return names.length;
  } finally {
    db.close();
  }
}

/** The index just past the value that starts at `start` (an object or array literal), skipping strings and comments. */
function endOfLiteral(source, start) {
  let depth = 0;
  for (let i = start; i < source.length; i += 1) {
    const char = source[i];
    if (char === '"' || char === "'" || char === '`') {
      for (i += 1; i < source.length && source[i] !== char; i += 1) if (source[i] === '\\') i += 1;
    } else if (char === '/' && source[i + 1] === '/') {
      i = source.indexOf('\n', i);
      if (i < 0) break;
    } else if (char === '/' && source[i + 1] === '*') {
      i = source.indexOf('*/', i) + 1;
    } else if (char === '{' || char === '[') {
      depth += 1;
    } else if (char === '}' || char === ']') {
      depth -= 1;
      if (depth === 0) return i + 1;
    }
  }
  throw new Error(`unbalanced literal from offset ${start}`);
}

/** Removes `'client-gallery': { … },` (and any comment lines right above it) from config/plugins.js. */
function removePluginEntry(source) {
  const key = /^([ \t]*(?:\/\/[^\n]*\n[ \t]*)*)(['"]?)client-gallery\2\s*:\s*/m.exec(source);
  if (!key) throw new Error("config/plugins.js has no 'client-gallery' entry");
  const valueStart = key.index + key[0].length;
  let end = source[valueStart] === '{' ? endOfLiteral(source, valueStart) : source.indexOf(',', valueStart);
  end = source.slice(end).match(/^\s*,?[ \t]*\n?/)[0].length + end;
  return source.slice(0, key.index) + source.slice(end);
}

/** Removes the plugin's middlewares ('plugin::client-gallery.*', one per line) from config/middlewares.js. */
function removePluginMiddlewares(source) {
  return source.replace(/^[ \t]*(['"])plugin::client-gallery\.[^'"]+\1\s*,?[ \t]*\n/gm, '');
}

/** Strapi's `env` helper as a config file sees it, answering every variable with its default. */
function defaultsEnv() {
  const env = (_name, fallback) => fallback;
  for (const cast of ['int', 'float', 'bool', 'json', 'array', 'date', 'oneOf']) env[cast] = (_name, fallback) => fallback;
  return env;
}

function loadConfig(file) {
  delete require.cache[require.resolve(file)];
  const exported = require(file);
  return typeof exported === 'function' ? exported({ env: defaultsEnv() }) : exported;
}

const tables = snapshotTables();

const overrideDir = path.join(hostDir, 'config', 'env', 'production');
fs.mkdirSync(overrideDir, { recursive: true });
const override = path.join(overrideDir, 'database.js');
if (fs.existsSync(override)) throw new Error(`${override} exists already: merge forceMigration: false into it by hand`);
fs.writeFileSync(
  override,
  "// The first boot without client-gallery: keep its tables (Strapi's schema sync drops a removed plugin's tables by default).\nmodule.exports = { settings: { forceMigration: false } };\n",
);

const pluginsFile = path.join(hostDir, 'config', 'plugins.js');
fs.writeFileSync(pluginsFile, removePluginEntry(fs.readFileSync(pluginsFile, 'utf8')));
if ('client-gallery' in loadConfig(pluginsFile)) throw new Error('config/plugins.js still enables client-gallery');

const middlewaresFile = path.join(hostDir, 'config', 'middlewares.js');
if (fs.existsSync(middlewaresFile)) {
  fs.writeFileSync(middlewaresFile, removePluginMiddlewares(fs.readFileSync(middlewaresFile, 'utf8')));
  const left = JSON.stringify(loadConfig(middlewaresFile));
  if (left.includes('plugin::client-gallery')) throw new Error(`config/middlewares.js still names the plugin: ${left}`);
}

console.log(`noted ${tables} tables; client-gallery removed from config/plugins.js and config/middlewares.js; forceMigration off for the next boot`);
