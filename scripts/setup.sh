#!/usr/bin/env bash
# Installs what a fresh Debian/Ubuntu machine lacks to build, test and run the
# repo. Idempotent: installs nothing (and skips apt-get update) when all is there.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Use sudo only when we are not root; root (CI) must not depend on sudo existing.
as_root=()
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
  else
    as_root=(__no_sudo__)
  fi
fi

missing=()
# redis-server hosts the throwaway test Redis; redis-cli (redis-tools) probes it.
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v redis-cli >/dev/null 2>&1 || missing+=(redis-tools)
# The test stores run their own PostgreSQL cluster from these binaries. Apt may
# start the Debian system cluster on 5432; that is harmless, we use other ports.
if ! compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null; then
  missing+=(postgresql)
fi
# Review's proofs (采用证明 / 批示证明) are set in Noto CJK (Proofs:FontPath).
[[ -e /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc ]] || missing+=(fonts-noto-cjk)

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "setup: apt-get not found; install ${missing[*]} by hand" >&2
    exit 1
  fi
  if [[ ${as_root[0]:-} == __no_sudo__ ]]; then
    echo "setup: need root or sudo to install ${missing[*]}" >&2
    exit 1
  fi
  # noninteractive: CI runs without a terminal or stdin.
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y --no-install-recommends "${missing[@]}"
fi

if ! command -v dotnet >/dev/null 2>&1; then
  echo "setup: the .NET SDK (dotnet, see global.json) is not installed" >&2
  exit 1
fi

# Local tools from dotnet-tools.json (dotnet-ef).
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet tool restore
