#!/usr/bin/env node
/**
 * The published server and admin bundles without their whitespace (esbuild: minifyWhitespace and
 * minifySyntax, never identifiers), so the packed plugin stays small while a stack trace or a
 * host's bundler still names the plugin's own functions. strapi-plugin build has only a full
 * minify, which renames them. Run after strapi-plugin build; skipped when NODE_ENV=development
 * (a watched build stays readable).
 */
const fs = require('fs');
const path = require('path');
const esbuild = require('esbuild');

const dist = path.resolve(__dirname, '..', 'dist');

function compact(file) {
  const format = file.endsWith('.mjs') ? 'esm' : 'cjs';
  const code = fs.readFileSync(file, 'utf8');
  const out = esbuild.transformSync(code, { minifyWhitespace: true, minifySyntax: true, format, platform: file.includes(`${path.sep}server${path.sep}`) ? 'node' : 'neutral', target: 'es2022', legalComments: 'none' });
  fs.writeFileSync(file, out.code);
  return [code.length, out.code.length];
}

if (process.env.NODE_ENV === 'development') process.exit(0);
let before = 0;
let after = 0;
for (const folder of ['server', 'admin']) {
  const dir = path.join(dist, folder);
  if (!fs.existsSync(dir)) continue;
  for (const name of fs.readdirSync(dir)) {
    if (!/\.(m?js)$/.test(name)) continue;
    const [was, is] = compact(path.join(dir, name));
    before += was;
    after += is;
  }
}
console.log(`compact-dist: server and admin bundles ${Math.round(before / 1024)} kB -> ${Math.round(after / 1024)} kB (names kept)`);
