#!/usr/bin/env bash
# The packed plugin installs into a bare Strapi 5 app with `npm install` plus one config entry,
# leaves the host's settings alone, builds in a TypeScript app too, and comes out again cleanly.
#
#   1. build the upload provider and the plugin (strapi-plugin build + the public pages), unless
#      CG_PREBUILT=1 says they are built;
#   2. check what both packages publish (scripts/check-packs.js: npm pack --dry-run, files and
#      size) and run `strapi-plugin verify`;
#   3. `npm pack` both packages into a temp dir;
#   4. copy examples/host-app (package.json, config and its one content type) to a temp dir far
#      from this repo, set its @strapi/* packages to STRAPI_VERSION, and `npm install` it plus the
#      two tarballs (the npm cache is warm after the root npm ci); then check that the plugin loads
#      Strapi's own copy of each package they share (@strapi/*, sharp, react-intl, …), and on the
#      newest 5.x that the host holds one version of each;
#   5. `strapi build` in the host (its admin, with the plugin's admin pages);
#   6. jest --config jest.host.config.js: tests/host-app boots the host as its own process and
#      checks RBAC, ingest, share links, pages, mail, zips, domain errors as 4xx and the host's
#      settings over HTTP only (with HOST_APP_DATABASE=postgres: smoke.test.ts on PostgreSQL, then stop);
#   7. the same app in TypeScript (examples/host-app-ts, config only): `strapi build`, which
#      type-checks its config against the installed Strapi and builds its admin with the plugin;
#   8. uninstall as the plugin README says (tests/host-app/remove-plugin.js, `npm uninstall`), then
#      tests/host-app/uninstall.test.ts boots the host without it on the smoke suite's database.
#
# Run from a checkout where the root `npm ci` has run. Env:
#   STRAPI_VERSION    the host's @strapi/* version: exact (default: the one examples/host-app
#                     names, 5.54.0), or `newest` = the newest 5.x this registry can install. When
#                     the registry serves a newer @strapi/strapi whose own @strapi/* packages it
#                     lacks (npm's ETARGET), `newest` says so and tries the next older one; when no
#                     5.x newer than the default installs, it says why and stops, passing. `oldest` =
#                     the oldest version the registry serves within the plugin's peer range for
#                     @strapi/strapi (the floor the plugin's README claims).
#   HOST_APP_DATABASE=postgres
#                     the host on PostgreSQL: a fresh database cg_host_<pid> (HOST_APP_PG_HOST,
#                     default 127.0.0.1, HOST_APP_PG_PORT 5432, HOST_APP_PG_USER postgres, no
#                     password), dropped at the end; runs the smoke suite (smoke.test.ts) only:
#                     steps 7 and 8 and the host-settings check, which read SQLite files, are skipped
#   HOST_APP_STRICT_COPIES=1
#                     step 4 fails on any second version of a shared package (every @strapi/*, sharp,
#                     React, …) anywhere in the host's tree (on by default with `newest`)
#   HOST_APP_TS=0     skip step 7 (on by default)
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
  if [ -n "${pg_database:-}" ]; then
    stage "drop the host's PostgreSQL database $pg_database"
    pg_sql "DROP DATABASE IF EXISTS \"$pg_database\" WITH (FORCE)" || echo "host-app: could not drop $pg_database" >&2
  fi
  if [ -n "${work:-}" ] && [ -d "$work" ]; then
    if [ "$status" -ne 0 ] && [ -f "$work/host/.tmp/host-app.log" ]; then
      printf '\n--- last lines of the host app log (%s)\n' "$work/host/.tmp/host-app.log"
      tail -n 60 "$work/host/.tmp/host-app.log" || true
    fi
    if [ "${KEEP_HOST_APP:-}" = "1" ]; then
      echo "host app kept in $work/host"
    else
      # About 80,000 files: removed by a detached process, so the next host does not wait for the disk.
      stage "remove the temp dir (in the background)"
      mv "$work" "$work.removing" 2>/dev/null && work="$work.removing"
      nohup rm -rf "$work" >/dev/null 2>&1 &
    fi
  fi
  stage "(end)" >/dev/null
  printf '\n--- host-app timings (Strapi %s)\n' "${strapi_version:-$requested_version}"
  for line in "${timings[@]}"; do printf '%s\n' "$line"; done
  printf '%5ss  total (%s)\n' "$(($(date +%s) - started))" "$([ "$status" -eq 0 ] && echo "${outcome:-passed}" || echo FAILED)"
  return "$status"
}
trap summary EXIT

if [ ! -x node_modules/.bin/strapi-plugin ] || [ ! -x node_modules/.bin/jest ]; then
  echo "host-app: run the root 'npm ci' first" >&2
  exit 1
fi

plugin_dir=src/plugins/client-gallery
provider_dir=providers/upload-private-local
database=${HOST_APP_DATABASE:-sqlite}
case "$database" in sqlite | postgres) ;; *) echo "host-app: HOST_APP_DATABASE is sqlite or postgres, not $database" >&2; exit 1 ;; esac
pg_sql() { psql -h "${HOST_APP_PG_HOST:-127.0.0.1}" -p "${HOST_APP_PG_PORT:-5432}" -U "${HOST_APP_PG_USER:-postgres}" -d postgres -v ON_ERROR_STOP=1 -qAtc "$1"; }
default_version=$(node -p "require('./examples/host-app/package.json').dependencies['@strapi/strapi']")
requested_version=${STRAPI_VERSION:-$default_version}

if [ "$requested_version" = "newest" ]; then
  stage "list the Strapi 5.x releases newer than $default_version whose host packages this registry serves"
  # npm view answers one version as a string, several as an array, none as an error.
  candidates=$(npm view "@strapi/strapi@>${default_version} <6" version --json 2>/dev/null | node -e '
    let text = ""; process.stdin.on("data", (d) => (text += d)).on("end", () => {
      let found = [];
      try { const parsed = JSON.parse(text || "[]"); found = Array.isArray(parsed) ? parsed : typeof parsed === "string" ? [parsed] : []; } catch {}
      const key = (v) => v.split(/[.-]/).slice(0, 3).map(Number);
      found.sort((a, b) => { const [x, y] = [key(a), key(b)]; return y[0] - x[0] || y[1] - x[1] || y[2] - x[2]; });
      console.log(found.join(" "));
    });') || candidates=""
  echo "newer 5.x versions of @strapi/strapi served: ${candidates:-none}"
  refused=()
  installable=""
  # The host's own @strapi/* packages at each version, asked of the registry first (a second each),
  # before anything is built or packed: a release whose packages are not all published is passed
  # over without an install. The install below still catches a missing package deeper down.
  host_strapi_packages=$(node -p "Object.keys(require('./examples/host-app/package.json').dependencies).filter((n) => n.startsWith('@strapi/')).join(' ')")
  for candidate in $candidates; do
    missing=""
    for name in $host_strapi_packages; do
      if [ -z "$(npm view "$name@$candidate" version 2>/dev/null)" ]; then missing="$name@$candidate"; break; fi
    done
    if [ -n "$missing" ]; then
      echo "Strapi $candidate does not install here: No matching version found for $missing (the registry serves @strapi/strapi@$candidate but not all of its own @strapi/* packages)"
      refused+=("$candidate: No matching version found for $missing")
    else
      installable="$installable $candidate"
    fi
  done
  installable=${installable# }
  if [ -z "$installable" ]; then
    outcome="skipped: no 5.x newer than $default_version installs from this registry"
    echo "host-app: SKIPPED the newest-5.x run: nothing newer than $default_version installs from this registry"
    for line in "${refused[@]}"; do echo "  $line"; done
    exit 0
  fi
fi

if [ "${CG_PREBUILT:-}" = "1" ]; then
  stage "reuse the provider and plugin builds (CG_PREBUILT=1: .ci/run built them once)"
else
  stage "build the upload provider"
  npm run --silent build:provider

  stage "build the plugin (strapi-plugin build + public pages)"
  npm run --silent build:plugin
fi

stage "check what the plugin package publishes (and the provider: scripts/check-packs.js)"
node scripts/check-packs.js

stage "strapi-plugin verify"
(cd "$plugin_dir" && "$root/node_modules/.bin/strapi-plugin" verify)

stage "npm pack the provider and the plugin"
work=${HOST_APP_WORKDIR:-$(mktemp -d "${TMPDIR:-/tmp}/client-gallery-host.XXXXXX")}
mkdir -p "$work"
work=$(cd "$work" && pwd)
case "$work/" in "$root"/*) echo "host-app: HOST_APP_WORKDIR must be outside the repository (its node_modules would leak in)" >&2; exit 1 ;; esac
rm -rf "$work/host" "$work/host-ts" "$work"/*.tgz
provider_tgz="$work/$(cd "$provider_dir" && npm pack --silent --ignore-scripts --pack-destination "$work" | tail -n 1)"
plugin_tgz="$work/$(cd "$plugin_dir" && npm pack --silent --ignore-scripts --pack-destination "$work" | tail -n 1)"
ls -l "$provider_tgz" "$plugin_tgz"

# A build cache, not a shortcut: this registry has no prebuilt better-sqlite3, so the root's
# `npm ci` compiled it from source. Packed as the prebuild that prebuild-install looks for, that
# binary spares the host a second compile of the same version; a host that resolves another
# version finds no match and compiles its own.
prebuilds="$work/prebuilds"
mkdir -p "$prebuilds"
bs3_version=$(node -p "require('./node_modules/better-sqlite3/package.json').version")
tar -C node_modules/better-sqlite3 -czf "$prebuilds/better-sqlite3-v${bs3_version}-node-v$(node -p process.versions.modules)-$(node -p process.platform)-$(node -p process.arch).tar.gz" build/Release/better_sqlite3.node
export npm_config_better_sqlite3_local_prebuilds="$prebuilds"

# Copies an example app (package.json, config and sources: whatever a local run left behind stays)
# and sets every @strapi/* package it names to one version, as a host upgrading Strapi does.
copy_example() {
  local from=$1 to=$2 version=$3
  mkdir -p "$to"
  tar -C "$from" --exclude=node_modules --exclude=.tmp --exclude=build --exclude=dist --exclude=data \
    --exclude=.strapi --exclude=.cache --exclude=.env --exclude=package-lock.json -cf - . | tar -C "$to" -xf -
  node -e '
    const fs = require("fs");
    const [file, version] = process.argv.slice(1);
    const pkg = JSON.parse(fs.readFileSync(file, "utf8"));
    for (const field of ["dependencies", "devDependencies"])
      for (const name of Object.keys(pkg[field] ?? {})) if (name.startsWith("@strapi/")) pkg[field][name] = version;
    fs.writeFileSync(file, JSON.stringify(pkg, null, 2) + "\n");
  ' "$to/package.json" "$version"
}

# npm install in a host plus the two tarballs; npm's output goes to $work/npm-install.log.
install_host() {
  (
    cd "$1"
    unset NODE_PATH
    npm install --no-audit --no-fund --prefer-offline --loglevel=error "$provider_tgz" "$plugin_tgz"
  ) > "$work/npm-install.log" 2>&1
}

if [ "$requested_version" = "oldest" ]; then
  peer_range=$(node -p "require('./$plugin_dir/package.json').peerDependencies['@strapi/strapi']")
  requested_version=$(npm view "@strapi/strapi@$peer_range" version --json 2>/dev/null | node -e '
    let text = ""; process.stdin.on("data", (d) => (text += d)).on("end", () => {
      let found = [];
      try { const parsed = JSON.parse(text || "[]"); found = Array.isArray(parsed) ? parsed : typeof parsed === "string" ? [parsed] : []; } catch {}
      const key = (v) => v.split(/[.-]/).slice(0, 3).map(Number);
      found = found.filter((v) => /^\d+\.\d+\.\d+$/.test(v));
      found.sort((a, b) => { const [x, y] = [key(a), key(b)]; return x[0] - y[0] || x[1] - y[1] || x[2] - y[2]; });
      console.log(found[0] ?? "");
    });')
  if [ -z "$requested_version" ]; then echo "host-app: the registry serves no @strapi/strapi within the peer range $peer_range" >&2; exit 1; fi
  echo "the oldest @strapi/strapi within the plugin's peer range $peer_range: $requested_version"
  export HOST_APP_STRICT_COPIES=${HOST_APP_STRICT_COPIES:-1}
fi

if [ "$requested_version" = "newest" ]; then
  stage "npm install the host app with the newest of them ($installable) plus the two tarballs"
  strapi_version=""
  for candidate in $installable; do
    rm -rf "$work/host"
    copy_example examples/host-app "$work/host" "$candidate"
    if install_host "$work/host"; then
      strapi_version=$candidate
      break
    fi
    if grep -q 'ETARGET' "$work/npm-install.log"; then
      reason=$(grep -m1 -o 'No matching version found for [^ ]*' "$work/npm-install.log" | sed 's/\.$//')
      echo "Strapi $candidate does not install here: ${reason:-ETARGET} (the registry serves @strapi/strapi@$candidate but not all of its own @strapi/* packages)"
      refused+=("$candidate: $reason")
      continue
    fi
    cat "$work/npm-install.log"
    echo "host-app: npm install failed for Strapi $candidate (not a missing version: see above)" >&2
    exit 1
  done
  if [ -z "$strapi_version" ]; then
    outcome="skipped: no 5.x newer than $default_version installs from this registry"
    echo "host-app: SKIPPED the newest-5.x run: nothing newer than $default_version installs from this registry"
    for line in "${refused[@]}"; do echo "  $line"; done
    exit 0
  fi
  echo "installed Strapi $strapi_version"
  cat "$work/npm-install.log"
else
  strapi_version=$requested_version
  stage "npm install the host app (Strapi $strapi_version) plus the two tarballs"
  copy_example examples/host-app "$work/host" "$strapi_version"
  if ! install_host "$work/host"; then
    cat "$work/npm-install.log"
    echo "host-app: npm install failed for Strapi $strapi_version" >&2
    exit 1
  fi
  cat "$work/npm-install.log"
fi
export HOST_APP_STRAPI_VERSION=$strapi_version
strict_copies=${HOST_APP_STRICT_COPIES:-$([ "$requested_version" = "newest" ] && echo 1 || echo 0)}

node -e '
  const host = process.argv[1];
  for (const name of ["@strapi/strapi", "strapi-plugin-client-gallery/package.json", "strapi-provider-upload-private-local", "better-sqlite3", "pg", "sharp"]) {
    const where = require.resolve(name, { paths: [host] });
    if (!where.startsWith(host + "/node_modules/")) { console.error(`${name} resolves outside the host: ${where}`); process.exit(1); }
  }
  const versions = ["@strapi/strapi", "strapi-plugin-client-gallery", "better-sqlite3"].map((n) => `${n}@${require(require.resolve(n + "/package.json", { paths: [host] })).version}`);
  console.log(`host resolves its own packages: ${versions.join(", ")}`);
' "$work/host"

stage "one copy of each package the host and the plugin share (npm ls, tests/host-app/shared-copies.js)"
# The plugin must load Strapi's own @strapi/utils, sharp, react-intl, …; with HOST_APP_STRICT_COPIES
# (the second host, and the newest 5.x) the whole tree must hold one version of each as well.
(cd "$work/host" && npm ls --all --json 2>/dev/null) > "$work/npm-ls.json" || true
node tests/host-app/shared-copies.js "$work/host" "$work/npm-ls.json" $([ "$strict_copies" = "1" ] && echo --strict)

stage "strapi build in the host (admin with the plugin)"
(cd "$work/host" && NODE_ENV=production ./node_modules/.bin/strapi build)

if [ "$database" = "postgres" ]; then
  pg_database="cg_host_$$"
  stage "smoke suite on PostgreSQL (tests/host-app/smoke.test.ts, database $pg_database)"
  pg_sql "DROP DATABASE IF EXISTS \"$pg_database\" WITH (FORCE)"
  pg_sql "CREATE DATABASE \"$pg_database\""
  HOST_APP_DIR="$work/host" HOST_APP_DATABASE_CLIENT=postgres HOST_APP_DATABASE_NAME="$pg_database" \
    HOST_APP_DATABASE_HOST="${HOST_APP_PG_HOST:-127.0.0.1}" HOST_APP_DATABASE_PORT="${HOST_APP_PG_PORT:-5432}" HOST_APP_DATABASE_USERNAME="${HOST_APP_PG_USER:-postgres}" \
    node_modules/.bin/jest --config jest.host.config.js --runInBand tests/host-app/smoke.test.ts
  exit 0
fi

stage "smoke suite (tests/host-app, but the uninstall check)"
export HOST_APP_DATABASE_FILENAME=.tmp/smoke.db
HOST_APP_DIR="$work/host" node_modules/.bin/jest --config jest.host.config.js --runInBand --testPathIgnorePatterns '/uninstall\.test\.ts$'

if [ "${HOST_APP_TS:-1}" = "1" ]; then
  stage "TypeScript host (examples/host-app-ts): strapi build with the plugin"
  # The JavaScript host's packages, hard-linked (the same versions: no second download or compile),
  # then reconciled with this app's package.json by npm itself before the build.
  copy_example examples/host-app-ts "$work/host-ts" "$strapi_version"
  cp -al "$work/host/node_modules" "$work/host-ts/node_modules"
  rm -f "$work/host-ts/node_modules/.package-lock.json"
  if ! install_host "$work/host-ts"; then
    cat "$work/npm-install.log"
    echo "host-app: npm install failed in the TypeScript host" >&2
    exit 1
  fi
  (cd "$work/host-ts" && NODE_ENV=production ./node_modules/.bin/strapi build)
  test -f "$work/host-ts/dist/config/plugins.js" || { echo "host-app: the TypeScript host's config was not compiled" >&2; exit 1; }
  rm -rf "$work/host-ts"
fi

stage "uninstall the plugin, as its README says"
node tests/host-app/remove-plugin.js "$work/host" "$HOST_APP_DATABASE_FILENAME" "$work/tables-before-uninstall.json"
(cd "$work/host" && unset NODE_PATH && npm uninstall --no-audit --no-fund --prefer-offline --loglevel=error strapi-plugin-client-gallery)

stage "the host without the plugin (tests/host-app/uninstall.test.ts)"
HOST_APP_DIR="$work/host" HOST_APP_TABLES_BEFORE="$work/tables-before-uninstall.json" \
  node_modules/.bin/jest --config jest.host.config.js --runInBand tests/host-app/uninstall.test.ts
