#!/usr/bin/env node
/**
 * The public pages' browser code (pages/, vanilla TypeScript) bundled with esbuild into
 * dist/pages, with content-hashed names and a manifest.json that the server half reads
 * (server/src/http/public-pages.ts). Part of the plugin's build, so the packed plugin carries
 * its pages. Type checking is `tsc -p pages/tsconfig.json`; esbuild only strips types.
 */
const fs = require('fs');
const path = require('path');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '..');
const source = path.join(root, 'pages');
const outdir = path.join(root, 'dist', 'pages');

async function main() {
  fs.rmSync(outdir, { recursive: true, force: true });
  const result = await esbuild.build({
    entryPoints: { gallery: path.join(source, 'gallery.ts'), portal: path.join(source, 'portal.ts') },
    bundle: true,
    format: 'esm',
    splitting: false,
    target: ['chrome100', 'firefox100', 'safari15'],
    minify: process.env.NODE_ENV !== 'development',
    // Maps only when asked for (CG_SOURCEMAPS=1): they were most of the packed plugin's size.
    sourcemap: process.env.CG_SOURCEMAPS === '1' ? 'linked' : false,
    entryNames: '[name]-[hash]',
    assetNames: '[name]-[hash]',
    outdir,
    metafile: true,
    logLevel: 'warning',
    legalComments: 'none',
  });
  const manifest = {};
  for (const [file, output] of Object.entries(result.metafile.outputs)) {
    if (!output.entryPoint) continue;
    const name = path.basename(output.entryPoint, '.ts');
    const js = path.basename(file);
    const css = output.cssBundle ? path.basename(output.cssBundle) : null;
    if (!css) throw new Error(`build:pages: ${name} has no stylesheet (import './styles.css' in its entry)`);
    manifest[name] = { js, css };
  }
  for (const page of ['gallery', 'portal']) if (!manifest[page]) throw new Error(`build:pages: no bundle for ${page}`);
  fs.writeFileSync(path.join(outdir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const size = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
  console.log(`build:pages: ${Object.keys(manifest).join(', ')} -> ${path.relative(root, outdir)} (${Math.round(size / 1024)} kB${process.env.CG_SOURCEMAPS === '1' ? ' with maps' : ''})`);
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
