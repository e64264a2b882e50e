#!/usr/bin/env bash
# The one run command: the Aspire AppHost with dashboard and every service.
# Extra arguments go to the AppHost.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh

# Plain-http dashboard/OTLP for local use (the http launch profile).
export ASPIRE_ALLOW_UNSECURED_TRANSPORT=true
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# Fixed ports (AppHost/Properties/launchSettings.json and the AppHost's gateway).
echo "Dashboard: http://localhost:15888"
echo "Gateway: http://localhost:5080"

# exec: Ctrl-C / SIGTERM go straight to the AppHost, which stops its resources,
# and our exit code is the AppHost's: 1 when a store could not start (the
# reason is the last line it prints).
exec dotnet run --project AppHost/AppHost.csproj --launch-profile http "$@"
