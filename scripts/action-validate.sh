#!/usr/bin/env bash
# The run step of action.yml: svcm validate --format sarif into $SVCM_SARIF, and
# svcm's exit status as the step output `exit-code` (the upload runs first; a
# later step fails the job on errors). Exits non-zero only when svcm could not run.
#
# Which svcm: $SVCM_BIN when set (a command); else the repository's own
# (node_modules/.bin/svcm, after `npm ci`); else the action's source, built once.
set -euo pipefail

paths="${SVCM_PATHS:-.}"
sarif="${SVCM_SARIF:-svcm.sarif}"
output="${GITHUB_OUTPUT:-/dev/null}"

if [[ -n "${SVCM_BIN:-}" ]]; then
  read -r -a svcm <<<"$SVCM_BIN"
elif [[ -x node_modules/.bin/svcm ]]; then
  svcm=(node_modules/.bin/svcm)
else
  here="${GITHUB_ACTION_PATH:-$(cd "$(dirname "$0")/.." && pwd)}"
  if [[ ! -f "$here/dist/cli.js" ]]; then
    echo "svcm: building the command line from $here" >&2
    (cd "$here" && npm ci --no-audit --no-fund >&2)
  fi
  svcm=(node "$here/dist/cli.js")
fi

read -r -a targets <<<"$paths"
set +e
"${svcm[@]}" validate "${targets[@]}" --format sarif >"$sarif"
code=$?
set -e
echo "exit-code=$code" >>"$output"
echo "svcm validate: exit status $code, SARIF log in $sarif" >&2
if [[ $code -ge 2 ]]; then exit "$code"; fi
exit 0
