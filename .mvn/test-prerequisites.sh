#!/usr/bin/env bash
# What the tests need beyond JDK 17, installed from Debian's packages when missing, so that
# `./mvnw verify` passes on a fresh machine: kubectl (the deployment checks run
# `kubectl kustomize`), promtool from Debian's prometheus (the alert rules' unit tests), nodejs and
# npm (the OpenAPI lint, whose pinned @redocly/cli `npm ci` installs from the npm registry), and
# chromium, chromium-driver and a CJK font (the console's browser tests; never a browser a test
# tool downloads). Maven runs this before any module builds;
# `-DskipTests` skips it. Not root and something missing: it says what and stops.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
missing=()
command -v kubectl >/dev/null || missing+=(kubectl)
command -v promtool >/dev/null || missing+=(prometheus)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
fc-list 2>/dev/null | grep -q "Noto Sans CJK" || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "测试需要 The tests need: ${missing[*]} (Debian packages). Install them as root:" >&2
  echo "  apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "Installing what the tests need: ${missing[*]}"
apt-get update -qq
for package in "${missing[@]}"; do
  if [ "$package" = kubectl ]; then
    apt-get install -y -qq kubectl || apt-get install -y -qq kubernetes-client
  else
    apt-get install -y -qq "$package"
  fi
done
