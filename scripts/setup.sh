#!/usr/bin/env bash
# Installs what pidns-lab needs, idempotently: only what is missing or at the
# wrong version. Usage: scripts/setup.sh [web|all]
#   web: wasm target, trunk, wasm-bindgen-cli (= the crate in Cargo.lock),
#        npm dev tools (wasm-opt from npm binaryen, playwright-core)
#   all: web + rustfmt/clippy + Debian's chromium and chromium-driver
# Nothing is downloaded from outside the package registries: trunk is told to
# use these local tools (Trunk.toml [tools] + PATH), never to fetch its own.
set -euo pipefail
cd "$(dirname "$0")/.."
scope=${1:-all}
TRUNK_VERSION=0.21.14
BINARYEN_MAJOR=132

say()  { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
fail() { printf '\033[31m[setup] cannot continue:\033[0m %s\n' "$*" >&2; exit 1; }
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

command -v cargo >/dev/null || fail "cargo is not installed (this project needs the Rust toolchain from rustup)"
command -v rustup >/dev/null || fail "rustup is not installed (needed to add the wasm32-unknown-unknown target)"

# 1. The wasm target.
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "wasm32-unknown-unknown target: present"
else
  say "adding the wasm32-unknown-unknown target (rustup)"
  rustup target add wasm32-unknown-unknown || fail "rustup could not add wasm32-unknown-unknown"
fi

# 2. trunk, pinned: 0.22 needs a newer rustc than this machine has. A debug
#    build installs in half the time and behaves the same.
if [ "$(trunk --version 2>/dev/null)" = "trunk $TRUNK_VERSION" ]; then
  say "trunk $TRUNK_VERSION: present"
else
  say "installing trunk $TRUNK_VERSION (cargo install, about 2 minutes)"
  cargo install trunk --version "$TRUNK_VERSION" --locked --debug --force \
    || fail "cargo install trunk $TRUNK_VERSION failed (see above)"
fi

# 3. wasm-bindgen-cli at exactly the wasm-bindgen version Cargo.lock resolved.
[ -f Cargo.lock ] || cargo generate-lockfile
WB_VERSION=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
[ -n "$WB_VERSION" ] || fail "no wasm-bindgen entry in Cargo.lock"
if [ "$(wasm-bindgen --version 2>/dev/null)" = "wasm-bindgen $WB_VERSION" ] \
   && [ "$(wasm-bindgen-test-runner --version 2>/dev/null)" = "wasm-bindgen-test-runner $WB_VERSION" ]; then
  say "wasm-bindgen-cli $WB_VERSION: present"
else
  say "installing wasm-bindgen-cli $WB_VERSION to match Cargo.lock (cargo install, about 2 minutes)"
  # Not --locked: its lockfile wants a webpki-roots the registry mirror lacks.
  cargo install wasm-bindgen-cli --version "$WB_VERSION" --force \
    || fail "cargo install wasm-bindgen-cli $WB_VERSION failed (see above)"
fi

# 4. npm dev tools (package-lock.json): wasm-opt, playwright-core and axe-core.
command -v npm >/dev/null || fail "npm is not installed (needed for wasm-opt and playwright-core)"
stamp=node_modules/.pidns-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x node_modules/.bin/wasm-opt ]; then
  say "npm dev tools: present"
else
  say "installing npm dev tools from package-lock.json (npm ci)"
  npm ci --no-audit --no-fund || fail "npm ci failed (see above)"
  echo "$want" > "$stamp"
fi
wasm-opt --version | grep -q "version $BINARYEN_MAJOR" || fail "node_modules/.bin/wasm-opt is not binaryen $BINARYEN_MAJOR"

[ "$scope" = web ] && exit 0

# 5. rustfmt and clippy.
for comp in rustfmt clippy; do
  if rustup component list --installed | grep -q "^$comp"; then
    say "$comp: present"
  else
    say "adding the $comp component (rustup)"
    rustup component add "$comp" || fail "rustup could not add $comp"
  fi
done

# 6. Chromium and ChromeDriver from Debian, from the same source package.
ver() { "$1" --version 2>/dev/null | grep -oE '[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+' | head -1; }
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] && [ "$(ver /usr/bin/chromium)" = "$(ver /usr/bin/chromedriver)" ]; then
  say "chromium and chromedriver $(ver /usr/bin/chromium): present"
else
  [ "$(id -u)" = 0 ] || fail "chromium/chromium-driver are missing and installing them needs root (apt-get)"
  say "installing chromium and chromium-driver (apt-get, about 20 s)"
  apt-get update -qq || fail "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null \
    || fail "apt-get install chromium chromium-driver failed"
  [ "$(ver /usr/bin/chromium)" = "$(ver /usr/bin/chromedriver)" ] \
    || fail "chromium $(ver /usr/bin/chromium) and chromedriver $(ver /usr/bin/chromedriver) differ"
fi
say "all tools ready"
