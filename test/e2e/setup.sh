#!/usr/bin/env bash
# Installs what the e2e suite needs, from Debian's apt and the npm registry only:
#   chromium (the browser), libkrb5-dev (code-server's `kerberos` module builds from source),
#   ripgrep (stands in for @vscode/ripgrep's GitHub download; Quick Open uses it at run time),
#   code-server 4.100.3 (the last release that runs on Node 20) and playwright-core, from package-lock.json.
# Idempotent and quick when everything is present: apt is skipped when the tools exist, and `npm ci` is
# skipped when node_modules was installed from the same lockfile (sha256 stamp).
set -euo pipefail
cd "$(dirname "$0")"

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v rg >/dev/null 2>&1 || need_apt+=(ripgrep)
[ -e /usr/include/gssapi/gssapi.h ] || need_apt+=(libkrb5-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "e2e setup: apt-get install ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  # another apt-get (a parallel job, unattended-upgrades) may hold the dpkg lock: wait for it, up to 5 minutes
  $SUDO apt-get -o DPkg::Lock::Timeout=300 update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=300 install -y -qq "${need_apt[@]}" >/dev/null
fi

STAMP=node_modules/.diversity-lens-e2e.sha256
want="$( { sha256sum package-lock.json 2>/dev/null || echo none; } | cut -d' ' -f1)"
if [ -x node_modules/.bin/code-server ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ]; then
  exit 0
fi

# @vscode/ripgrep 1.15.11 (pinned in code-server 4.100.3's lib/vscode/npm-shrinkwrap.json) downloads
# ripgrep from GitHub in its postinstall; seed its cache with Debian's rg so it never goes online.
RG_CACHE="${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11"
RG_TGZ="$RG_CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
if [ ! -s "$RG_TGZ" ]; then
  mkdir -p "$RG_CACHE"; d="$(mktemp -d)"; cp "$(command -v rg)" "$d/rg"
  tar czf "$RG_TGZ" -C "$d" rg; rm -rf "$d"
fi

# code-server's postinstall refuses to run as root unless npm_config_unsafe_perm=true, and node-pty's
# postinstall runs `npx node-gyp`, which needs npm_config_yes=true when the npmrc says yes=false.
export npm_config_unsafe_perm=true npm_config_yes=true npm_config_audit=false npm_config_fund=false
echo "e2e setup: installing code-server + playwright-core (native builds, about a minute)"
log="$(mktemp)"
if [ -f package-lock.json ]; then cmd=(npm ci --foreground-scripts); else cmd=(npm install --foreground-scripts); fi
if ! "${cmd[@]}" >"$log" 2>&1; then tail -n 60 "$log"; echo "e2e setup: ${cmd[*]} failed (full log: $log)"; exit 1; fi
rm -f "$log"
./node_modules/.bin/code-server --config "$(mktemp -u).yaml" --version >/dev/null   # fail fast if broken
want="$(sha256sum package-lock.json | cut -d' ' -f1)"
echo "$want" > "$STAMP"
echo "e2e setup: done"
