#!/usr/bin/env node
/**
 * What the two publishable packages would put in their tarballs (`npm pack --dry-run --json`),
 * checked before anything installs them: build output, README and LICENSE only (no sources, no
 * tests, no source maps unless CG_SOURCEMAPS=1 asked for them), every entry point named in
 * package.json present, every relative README link pointing inside the tarball, publishable
 * metadata (a licence, no `private`), and the tarball's size under its bound. Prints each
 * tarball's file count and size; exits 1 with the reasons when a package fails.
 *
 *   node scripts/check-packs.js
 */
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const mapsAsked = process.env.CG_SOURCEMAPS === '1';
const KB = 1000;

const packages = [
  {
    dir: 'src/plugins/client-gallery',
    maxBytes: 250 * KB,
    keyword: 'strapi-plugin',
    required: ['package.json', 'README.md', 'LICENSE', 'dist/server/index.js', 'dist/admin/index.mjs', 'dist/pages/manifest.json'],
  },
  {
    dir: 'providers/upload-private-local',
    maxBytes: 30 * KB,
    keyword: 'strapi-provider-upload',
    required: ['package.json', 'README.md', 'LICENSE', 'dist/index.js', 'dist/index.d.ts'],
  },
];

/** Every file path an entry of package.json names: main, types, and each condition of exports. */
function entryPoints(pkg) {
  const found = [];
  const walk = (value, condition) => {
    if (typeof value === 'string') {
      // `source` is the build's input, never published.
      if (condition !== 'source') found.push(value);
    } else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) walk(inner, key);
    }
  };
  for (const field of ['main', 'module', 'types']) if (pkg[field]) found.push(pkg[field]);
  walk(pkg.exports);
  return [...new Set(found.map((file) => path.posix.normalize(file).replace(/^\.\//, '')))];
}

/** Relative link targets of a markdown file: `[text](target)`, without anchors and web addresses. */
function relativeLinks(markdown) {
  const links = [];
  for (const match of markdown.matchAll(/\]\(\s*<?([^)\s>]+)>?[^)]*\)/g)) {
    const target = match[1];
    if (/^(?:[a-z][a-z0-9+.-]*:|#)/i.test(target)) continue;
    links.push(target.split('#')[0]);
  }
  return links;
}

function check({ dir, maxBytes, keyword, required }) {
  const cwd = path.join(root, dir);
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts', '--loglevel=error'], { cwd, encoding: 'utf8' });
  const [pack] = JSON.parse(out);
  const pkg = JSON.parse(fs.readFileSync(path.join(cwd, 'package.json'), 'utf8'));
  const paths = pack.files.map((file) => file.path);
  const problems = [];

  const stray = paths.filter((p) => {
    if (/^(package\.json|README\.md|LICENSE)$/.test(p)) return false;
    if (!p.startsWith('dist/')) return true;
    if (p.split('/').includes('src')) return true; // sources (or declarations generated beside them)
    if (/\.(ts|tsx|mts|cts)$/.test(p) && !/\.d\.ts$/.test(p)) return true;
    if (/(^|\/)(__tests__|tests?)(\/|$)|\.(test|spec)\.[cm]?[jt]sx?$/.test(p)) return true;
    if (p.endsWith('.map') && !mapsAsked) return true;
    return false;
  });
  if (stray.length > 0) problems.push(`files that are not build output, README or LICENSE:\n    ${stray.join('\n    ')}`);

  const missing = [...required, ...entryPoints(pkg)].filter((p, i, all) => all.indexOf(p) === i && !paths.includes(p));
  if (missing.length > 0) problems.push(`missing from the tarball (required, or named by package.json):\n    ${missing.join('\n    ')}`);

  if (pkg.private) problems.push('package.json says "private": true, so it cannot be published');
  if (!pkg.license || pkg.license === 'UNLICENSED') problems.push(`license is ${pkg.license ?? 'missing'}`);
  if (!(pkg.keywords ?? []).includes(keyword)) problems.push(`keywords lack "${keyword}"`);
  if (!pkg.engines?.node) problems.push('engines.node is missing');

  if (paths.includes('README.md')) {
    const outside = relativeLinks(fs.readFileSync(path.join(cwd, 'README.md'), 'utf8')).filter(
      (target) => !paths.includes(path.posix.normalize(target).replace(/^\.\//, '')),
    );
    if (outside.length > 0) problems.push(`README.md links to files outside the tarball:\n    ${outside.join('\n    ')}`);
  }

  if (pack.size > maxBytes) problems.push(`the tarball is ${(pack.size / KB).toFixed(1)} kB, over its bound of ${maxBytes / KB} kB`);

  console.log(
    `${pack.name}@${pack.version}: ${pack.entryCount} files, tarball ${(pack.size / KB).toFixed(1)} kB (bound ${maxBytes / KB} kB), unpacked ${(pack.unpackedSize / KB).toFixed(1)} kB`,
  );
  for (const file of [...pack.files].sort((a, b) => a.path.localeCompare(b.path))) console.log(`  ${String(file.size).padStart(8)}  ${file.path}`);
  for (const problem of problems) console.error(`  ✗ ${problem}`);
  return problems.length === 0;
}

const results = packages.map(check);
if (results.includes(false)) {
  console.error('check-packs: a package would publish the wrong files (see ✗ above)');
  process.exit(1);
}
