#!/usr/bin/env node
/**
 * One copy of each package the host and the plugin share, checked by scripts/host-app-smoke.sh on
 * the installed host. A second @strapi/utils, sharp or react-intl beside Strapi's own would be a
 * second set of error classes, a second libvips or a second React context for the plugin.
 *
 * - Always: the plugin resolves the very copies Strapi's own packages use (@strapi/utils as
 *   @strapi/core does, sharp as @strapi/upload does, the admin's libraries as @strapi/admin does),
 *   and has no copy of them under its own node_modules.
 * - With `--strict` (the second host: the newest 5.x, or the oldest of the plugin's peer range):
 *   no package of the shared set (every `@strapi/*`, sharp, React, React DOM, React Router,
 *   react-intl, styled-components) has two versions anywhere in the tree, as
 *   `npm ls <name> --all` would show. On an older 5.x, Strapi's own packages may bring
 *   a second copy themselves (@strapi/plugin-users-permissions takes `@strapi/admin ^5` as a peer,
 *   which npm fills with the newest); those are listed, not failed, without `--strict`.
 *
 *   node tests/host-app/shared-copies.js <host dir> <npm ls --all --json output> [--strict]
 */
const fs = require('fs');
const path = require('path');

const [hostDir, lsFile, mode] = process.argv.slice(2);
const strict = mode === '--strict';
const PLUGIN = 'strapi-plugin-client-gallery';
const SHARED = ['sharp', 'react', 'react-dom', 'react-intl', 'react-router-dom', 'styled-components'];
const isShared = (name) => name.startsWith('@strapi/') || SHARED.includes(name);

/**
 * The package.json (real path) of the copy of `name` that code in `fromDir` loads: Node's lookup,
 * node_modules of the directory and then of each parent (some packages export no package.json).
 */
function resolveFrom(name, fromDir) {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name, 'package.json');
    if (fs.existsSync(candidate)) return fs.realpathSync(candidate);
    if (path.dirname(dir) === dir) throw new Error(`${name} is not installed where ${fromDir} can load it`);
  }
}
const dirOf = (name, fromDir) => path.dirname(resolveFrom(name, fromDir));
const versionAt = (packageJson) => JSON.parse(fs.readFileSync(packageJson, 'utf8')).version;

const problems = [];

// The copies Strapi's own packages load, and the ones the plugin loads.
const strapi = dirOf('@strapi/strapi', hostDir);
const plugin = dirOf(PLUGIN, hostDir);
const users = {
  '@strapi/utils': dirOf('@strapi/core', strapi),
  sharp: dirOf('@strapi/upload', strapi),
  '@strapi/design-system': dirOf('@strapi/admin', strapi),
  '@strapi/icons': dirOf('@strapi/admin', strapi),
  'react-intl': dirOf('@strapi/admin', strapi),
  react: dirOf('@strapi/admin', strapi),
  'react-dom': dirOf('@strapi/admin', strapi),
  'react-router-dom': dirOf('@strapi/admin', strapi),
  'styled-components': dirOf('@strapi/admin', strapi),
};
const same = [];
for (const [name, user] of Object.entries({ '@strapi/strapi': hostDir, ...users })) {
  const ours = resolveFrom(name, plugin);
  const theirs = resolveFrom(name, user);
  if (ours !== theirs) problems.push(`the plugin loads ${name}@${versionAt(ours)} (${ours}), Strapi loads ${name}@${versionAt(theirs)} (${theirs})`);
  else same.push(`${name}@${versionAt(ours)}`);
}
const own = path.join(plugin, 'node_modules');
if (fs.existsSync(own)) {
  const nested = fs.readdirSync(own).flatMap((entry) => (entry.startsWith('@') ? fs.readdirSync(path.join(own, entry)).map((inner) => `${entry}/${inner}`) : [entry]));
  for (const name of nested.filter(isShared)) problems.push(`the plugin has its own copy of ${name} (${path.join(own, name)})`);
}
console.log(`the plugin loads Strapi's own copies: ${same.join(', ')}`);

// Every version of each shared package in the tree: one path that leads to it, and whether any
// path to it goes through the plugin.
const tree = JSON.parse(fs.readFileSync(lsFile, 'utf8'));
const versions = new Map();
(function walk(node, trail) {
  for (const [name, dep] of Object.entries(node.dependencies ?? {})) {
    if (isShared(name) && dep.version) {
      if (!versions.has(name)) versions.set(name, new Map());
      const seen = versions.get(name);
      const viaPlugin = trail.includes(PLUGIN);
      if (!seen.has(dep.version)) seen.set(dep.version, { where: [...trail, name].join(' > '), viaPlugin });
      else if (viaPlugin) seen.get(dep.version).viaPlugin = true;
    }
    walk(dep, [...trail, name]);
  }
})(tree, []);
const named = ['@strapi/utils', '@strapi/design-system', 'sharp', 'react-intl'];
console.log(`versions in the tree: ${named.map((name) => `${name}@${[...(versions.get(name)?.keys() ?? ['(none)'])].join(',')}`).join(', ')}, and ${versions.size - named.length} more shared packages`);
for (const [name, seen] of versions) {
  if (seen.size < 2) continue;
  const line = `${name} has ${seen.size} versions: ${[...seen].map(([version, { where }]) => `${version} (${where})`).join(' and ')}`;
  if (strict || [...seen.values()].some((copy) => copy.viaPlugin)) problems.push(line);
  else console.log(`  note: Strapi's own packages bring this one: ${line}`);
}

for (const problem of problems) console.error(`  ✗ ${problem}`);
if (problems.length > 0) {
  console.error('the host holds a second copy of a package it shares with the plugin');
  process.exit(1);
}
