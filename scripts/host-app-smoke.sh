#!/usr/bin/env bash
# The packed plugin installs into a bare Strapi 5.54 app with `npm install`
# plus one config entry.
#
#   1. build the upload provider and the plugin (strapi-plugin build + the public pages), unless
#      CG_PREBUILT=1 says they are built;
#   2. check what the plugin package publishes (npm pack --dry-run: dist/ and package.json only)
#      and run `strapi-plugin verify`;
#   3. `npm pack` both packages into a temp dir;
#   4. copy examples/host-app (package.json and config only) to a temp dir far from this repo,
#      and `npm install` it plus the two tarballs (the npm cache is warm after the root npm ci);
#   5. `strapi build` in the host (its admin, with the plugin's admin pages);
#   6. jest --config jest.host.config.js: tests/host-app boots the host as its own process and
#      checks RBAC, ingest, share links, pages, mail and zips over HTTP only.
#
# Run from a checkout where the root `npm ci` has run. Env:
#   HOST_APP_WORKDIR  where to put the tarballs and the host (default: a fresh mktemp -d)
#   KEEP_HOST_APP=1   keep that directory afterwards (it is removed otherwise)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

export STRAPI_TELEMETRY_DISABLED=true
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}

started=$(date +%s)
stage_started=$started
timings=()
stage() {
  local now
  now=$(date +%s)
  if [ -n "${stage_name:-}" ]; then timings+=("$(printf '%5ss  %s' "$((now - stage_started))" "$stage_name")"); fi
  stage_name="$*"
  stage_started=$now
  printf '\n--- host-app: %s (+%ss)\n' "$*" "$((now - started))"
}
summary() {
  local status=$?
  if [ -n "${work:-}" ] && [ -d "$work" ]; then
    if [ "$status" -ne 0 ] && [ -f "$work/host/.tmp/host-app.log" ]; then
      printf '\n--- last lines of the host app log (%s)\n' "$work/host/.tmp/host-app.log"
      tail -n 60 "$work/host/.tmp/host-app.log" || true
    fi
    if [ "${KEEP_HOST_APP:-}" = "1" ]; then
      echo "host app kept in $work/host"
    else
      stage "remove the temp dir"
      rm -rf "$work"
    fi
  fi
  stage "(end)" >/dev/null
  printf '\n--- host-app timings\n'
  for line in "${timings[@]}"; do printf '%s\n' "$line"; done
  printf '%5ss  total (%s)\n' "$(($(date +%s) - started))" "$([ "$status" -eq 0 ] && echo passed || echo FAILED)"
  return "$status"
}
trap summary EXIT

if [ ! -x node_modules/.bin/strapi-plugin ] || [ ! -x node_modules/.bin/jest ]; then
  echo "host-app: run the root 'npm ci' first" >&2
  exit 1
fi

plugin_dir=src/plugins/client-gallery
provider_dir=providers/upload-private-local

if [ "${CG_PREBUILT:-}" = "1" ]; then
  stage "reuse the provider and plugin builds (CG_PREBUILT=1: .ci/run built them once)"
else
  stage "build the upload provider"
  npm run --silent build:provider

  stage "build the plugin (strapi-plugin build + public pages)"
  npm run --silent build:plugin
fi

stage "check what the plugin package publishes"
(cd "$plugin_dir" && npm pack --dry-run --json --ignore-scripts) > "${TMPDIR:-/tmp}/host-app-pack-$$.json"
node - "${TMPDIR:-/tmp}/host-app-pack-$$.json" <<'NODE'
const fs = require('fs');
const [{ name, version, files }] = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
fs.rmSync(process.argv[2]);
const paths = files.map((file) => file.path);
const stray = paths.filter((p) => !p.startsWith('dist/') && !/^(package\.json|README(\.md)?|LICENSE(\.md|\.txt)?|CHANGELOG\.md)$/i.test(p));
const required = ['dist/server/index.js', 'dist/server/index.mjs', 'dist/admin/index.js', 'dist/admin/index.mjs', 'dist/pages/manifest.json'];
const missing = required.filter((p) => !paths.includes(p));
console.log(`${name}@${version}: ${paths.length} files, ${paths.filter((p) => p.startsWith('dist/')).length} under dist/; outside dist/: ${paths.filter((p) => !p.startsWith('dist/')).join(', ') || 'none'}`);
if (stray.length > 0) { console.error(`the package would publish files that are not build output:\n  ${stray.join('\n  ')}`); process.exit(1); }
if (missing.length > 0) { console.error(`the package lacks:\n  ${missing.join('\n  ')}`); process.exit(1); }
NODE

stage "strapi-plugin verify"
(cd "$plugin_dir" && "$root/node_modules/.bin/strapi-plugin" verify)

stage "npm pack the provider and the plugin"
work=${HOST_APP_WORKDIR:-$(mktemp -d "${TMPDIR:-/tmp}/client-gallery-host.XXXXXX")}
mkdir -p "$work"
work=$(cd "$work" && pwd)
case "$work/" in "$root"/*) echo "host-app: HOST_APP_WORKDIR must be outside the repository (its node_modules would leak in)" >&2; exit 1 ;; esac
rm -rf "$work/host" "$work"/*.tgz
provider_tgz="$work/$(cd "$provider_dir" && npm pack --silent --ignore-scripts --pack-destination "$work" | tail -n 1)"
plugin_tgz="$work/$(cd "$plugin_dir" && npm pack --silent --ignore-scripts --pack-destination "$work" | tail -n 1)"
ls -l "$provider_tgz" "$plugin_tgz"

stage "npm install the host app plus the two tarballs"
mkdir -p "$work/host"
# A build cache, not a shortcut: this registry has no prebuilt better-sqlite3, so the root's
# `npm ci` compiled it from source. Packed as the prebuild that prebuild-install looks for, that
# binary spares the host a second compile of the same version; a host that resolves another
# version finds no match and compiles its own.
prebuilds="$work/prebuilds"
mkdir -p "$prebuilds"
bs3_version=$(node -p "require('./node_modules/better-sqlite3/package.json').version")
tar -C node_modules/better-sqlite3 -czf "$prebuilds/better-sqlite3-v${bs3_version}-node-v$(node -p process.versions.modules)-$(node -p process.platform)-$(node -p process.arch).tar.gz" build/Release/better_sqlite3.node
export npm_config_better_sqlite3_local_prebuilds="$prebuilds"
# package.json and config only: whatever a local run left in examples/host-app stays behind.
tar -C examples/host-app --exclude=node_modules --exclude=.tmp --exclude=build --exclude=dist --exclude=data \
  --exclude=.strapi --exclude=.cache --exclude=.env --exclude=package-lock.json -cf - . | tar -C "$work/host" -xf -
(
  cd "$work/host"
  unset NODE_PATH
  npm install --no-audit --no-fund --prefer-offline --loglevel=error "$provider_tgz" "$plugin_tgz"
)
node -e '
  const host = process.argv[1];
  for (const name of ["@strapi/strapi", "strapi-plugin-client-gallery/package.json", "strapi-provider-upload-private-local", "better-sqlite3", "sharp"]) {
    const where = require.resolve(name, { paths: [host] });
    if (!where.startsWith(host + "/node_modules/")) { console.error(`${name} resolves outside the host: ${where}`); process.exit(1); }
  }
  const versions = ["@strapi/strapi", "strapi-plugin-client-gallery", "better-sqlite3"].map((n) => `${n}@${require(require.resolve(n + "/package.json", { paths: [host] })).version}`);
  console.log(`host resolves its own packages: ${versions.join(", ")}`);
' "$work/host"

stage "strapi build in the host (admin with the plugin)"
(cd "$work/host" && NODE_ENV=production ./node_modules/.bin/strapi build)

stage "smoke suite (tests/host-app)"
HOST_APP_DIR="$work/host" node_modules/.bin/jest --config jest.host.config.js --runInBand
