#!/usr/bin/env bash
# Sets up a fresh Debian 12 / Ubuntu machine for CarlaDrl and builds the solution (Release).
# Safe to run again: it installs only missing packages and the build is incremental.
#
#   ./scripts/setup.sh
set -euo pipefail

# Debian packages the project needs at build, test or run time. Add a package here together with
# the code that needs it, and say why in a comment.
APT_PACKAGES=(
  ca-certificates # TLS roots for NuGet restore over HTTPS
  libgtk-3-0      # OpenCvSharp's native library links GTK; without it the whole library fails to load (ENVIRONMENT.md)
  python3          # the CARLA 0.8.4 Python peer that tests serve-carla as the official client would (docs/carla.md)
  python3-protobuf # ... reads the carla_server_pb2.py that Grpc.Tools' protoc generates from our .proto at test time
  python3-numpy    # ... parses lidar blobs as the official client does
  python3-zmq          # the bridge's Python peers (docs/bridge-protocol.md): pyzmq, CURVE certificates
  python3-msgpack      # ... msgpack maps
  python3-msgpack-numpy # ... camera and lidar arrays as numpy arrays
  xvfb                 # a virtual display: the viewer (--view) is tested, measured and screenshotted under Xvfb (docs/viewer.md)
  xdotool              # ... presses the viewer's keys (q, p, s) in the window test
)
DOTNET_MAJOR_REQUIRED=10

cd "$(dirname "${BASH_SOURCE[0]}")/.."
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

step() { printf '==> %s\n' "$*"; }
fail() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

# 1. apt packages -----------------------------------------------------------------------------
installed() { dpkg -s "$1" 2>/dev/null | grep -q '^Status: install ok installed'; }

if ! command -v dpkg >/dev/null 2>&1; then
  step "apt packages: no dpkg here (not Debian/Ubuntu); make sure these are installed: ${APT_PACKAGES[*]}"
else
  missing=()
  for package in "${APT_PACKAGES[@]}"; do
    installed "$package" || missing+=("$package")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    step "apt packages: all present (${APT_PACKAGES[*]})"
  else
    if [ "$(id -u)" -eq 0 ]; then
      as_root=()
    elif command -v sudo >/dev/null 2>&1; then
      as_root=(sudo)
    else
      fail "missing apt packages (${missing[*]}) and no sudo; as root run: apt-get update && apt-get install -y ${missing[*]}"
    fi
    step "apt packages: installing ${missing[*]}"
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
fi

# 2. .NET SDK ---------------------------------------------------------------------------------
remedy="Install the .NET ${DOTNET_MAJOR_REQUIRED} SDK: https://dotnet.microsoft.com/download/dotnet/${DOTNET_MAJOR_REQUIRED}.0
  (Debian/Ubuntu packages via https://learn.microsoft.com/dotnet/core/install/linux, or without root:
   curl -sSL https://dot.net/v1/dotnet-install.sh | bash -s -- --channel ${DOTNET_MAJOR_REQUIRED}.0
   then add ~/.dotnet to PATH), and run this script again."
command -v dotnet >/dev/null 2>&1 || fail "dotnet not found on PATH.
$remedy"
# global.json selects the SDK, so a machine with only older SDKs fails here with dotnet's own message.
if ! sdk_version=$(dotnet --version 2>&1); then
  fail "dotnet found no SDK matching global.json:
$sdk_version
$remedy"
fi
sdk_major=${sdk_version%%.*}
[[ $sdk_major =~ ^[0-9]+$ ]] || fail "could not read the SDK version from 'dotnet --version': $sdk_version"
if [ "$sdk_major" -lt "$DOTNET_MAJOR_REQUIRED" ]; then
  fail ".NET SDK $sdk_version is too old; CarlaDrl needs ${DOTNET_MAJOR_REQUIRED}.0 or newer.
$remedy"
fi
step ".NET SDK $sdk_version"

# 3. local .NET tools -------------------------------------------------------------------------
# PowerShell 7 (.config/dotnet-tools.json) runs scripts/start.ps1 and its tests on machines without pwsh.
step "dotnet tool restore (PowerShell for scripts/start.ps1: dotnet tool run pwsh -- -File scripts/start.ps1)"
dotnet tool restore

# 4. restore and build ------------------------------------------------------------------------
step "dotnet restore CarlaDrl.slnx"
dotnet restore CarlaDrl.slnx
step "dotnet build CarlaDrl.slnx -c Release"
dotnet build CarlaDrl.slnx -c Release --no-restore
step "set-up done: run ./carla-drl --help, scripts/start.sh (the start menu), or ./scripts/test.sh"
