#!/usr/bin/env bash
# Installs what examples/dask/analyze_on_dask.py needs — Dask distributed — from Debian's packages, so the
# scale test (npm run test:scale, part of npm test) runs on a clean machine and in CI.
#
# Debian's python3-distributed installs for Debian's own interpreter, /usr/bin/python3; a python3 earlier on
# PATH (pyenv, a venv) does not see it, which is why the example re-runs itself under /usr/bin/python3 when
# its own interpreter cannot import distributed. This script checks /usr/bin/python3 first, then the python3 on
# PATH, and installs only when neither imports distributed. Idempotent and quick when it is there.
# apt waits up to 5 minutes for the dpkg lock when another apt-get holds it (DPkg::Lock::Timeout).
# Prints the interpreter that imports distributed on its last line of stdout.
set -euo pipefail

has_distributed() { "$1" -c 'import distributed' >/dev/null 2>&1; }

candidates=()
[ -x /usr/bin/python3 ] && candidates+=(/usr/bin/python3)
if command -v python3 >/dev/null 2>&1; then candidates+=("$(command -v python3)"); fi

for py in "${candidates[@]}"; do
  if has_distributed "$py"; then
    echo "$py"
    exit 0
  fi
done

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "setup-python: not root and no sudo: install python3-distributed (Debian) by hand" >&2; exit 1; }
  SUDO="sudo"
fi
APT=(apt-get -o DPkg::Lock::Timeout=300 -qq)
echo "setup-python: apt-get install python3-distributed (Dask distributed, Debian's package)" >&2
# `update` first: on a fresh machine the package lists may be empty or stale.
$SUDO "${APT[@]}" update >&2
DEBIAN_FRONTEND=noninteractive $SUDO "${APT[@]}" install -y --no-install-recommends python3-distributed >/dev/null

if [ -x /usr/bin/python3 ] && has_distributed /usr/bin/python3; then
  echo "setup-python: done ($(/usr/bin/python3 -c 'import distributed; print("distributed", distributed.__version__)'))" >&2
  echo /usr/bin/python3
  exit 0
fi
echo "setup-python: python3-distributed installed but /usr/bin/python3 cannot import distributed:" >&2
/usr/bin/python3 -c 'import distributed' >&2 || true
exit 1
