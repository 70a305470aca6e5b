#!/usr/bin/env bash
# Debian 12 packages that greenlist needs outside the virtualenv. Idempotent: looks first, and
# only when something is missing (and we are root) runs apt-get. Without root it names what is
# missing and carries on, unless the setup cannot work without it (then it exits 1).
set -euo pipefail

PYTHON="${PYTHON:-python3.11}"

missing=()    # Debian packages to install
essential=()  # the subset without which `make setup` fails

note() { printf 'install-system-packages: %s\n' "$*"; }

has_pkg() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

# want PACKAGE [essential]: queue PACKAGE unless dpkg already has it.
want() {
    if ! has_pkg "$1"; then
        missing+=("$1")
        if [[ "${2:-}" == essential ]]; then essential+=("$1"); fi
    fi
}

if ! command -v dpkg-query >/dev/null 2>&1; then
    note "not a Debian system: install by hand Python 3.11 with venv, pg_config (libpq), Pango," \
        "a CJK font, poppler-utils, gettext, Chromium, Node.js with npm and docker-compose."
    exit 0
fi

# Python 3.11 with venv/ensurepip, headers and a C compiler (psycopg2 builds from source).
if ! command -v "$PYTHON" >/dev/null 2>&1; then
    want python3.11 essential
    want python3.11-venv essential
    want python3.11-dev essential
elif "$PYTHON" -c 'import sys; sys.exit(0 if sys.base_prefix == "/usr" else 1)' 2>/dev/null; then
    # Debian's own interpreter: ensurepip and Python.h live in separate packages.
    want python3.11-venv essential
    want python3.11-dev essential
elif ! "$PYTHON" -c 'import ensurepip, venv' >/dev/null 2>&1; then
    note "$PYTHON (not Debian's) cannot create a virtualenv (no ensurepip); set PYTHON=/usr/bin/python3.11"
    exit 1
fi
command -v gcc >/dev/null 2>&1 || want gcc essential
want libc6-dev essential  # gcc only recommends it; psycopg2 needs its headers
command -v pg_config >/dev/null 2>&1 || want libpq-dev essential

# WeasyPrint (PDF reports) and the CJK font without which Chinese renders as boxes.
want libpango-1.0-0
want libpangoft2-1.0-0
want libharfbuzz-subset0
want fonts-noto-cjk
# Tests: pdftotext/pdftoppm read generated PDFs; Debian's Chromium drives the browser tests
# (Playwright cannot download its own browser here).
want poppler-utils
want gettext
want chromium

# Front-end packages come from the npm registry. Node may come from elsewhere (NodeSource
# bundles npm in its nodejs package), so look for the commands, not Debian's packages.
if ! command -v node >/dev/null 2>&1; then
    want nodejs essential
    want npm essential
elif ! command -v npm >/dev/null 2>&1; then
    want npm essential
fi

# Only used to validate docker-compose.yml (no engine needed).
command -v docker-compose >/dev/null 2>&1 || want docker-compose

if ((${#missing[@]} == 0)); then
    note "all present"
    exit 0
fi

if [[ "$(id -u)" != 0 ]]; then
    note "missing Debian packages: ${missing[*]}"
    note "install them with: sudo apt-get install ${missing[*]}"
    if ((${#essential[@]} > 0)); then
        note "cannot continue without: ${essential[*]}"
        exit 1
    fi
    note "continuing without them (PDF reports, browser tests or compose validation may fail or be skipped)"
    exit 0
fi

export DEBIAN_FRONTEND=noninteractive
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

# apt_get ARGS...: apt-get with its (long) output kept in $log, shown only when it fails.
apt_get() {
    if apt-get -q "$@" >"$log" 2>&1; then
        return 0
    fi
    tail -n 40 "$log" >&2
    return 1
}

note "installing: ${missing[*]} (this can take a few minutes)"
apt_get update || note "apt-get update failed; trying with the package lists already here"
# --no-install-recommends: docker-compose would otherwise pull in a whole Docker engine.
if ! apt_get install -y --no-install-recommends "${missing[@]}"; then
    if ((${#essential[@]} == 0)); then
        note "could not install some optional packages (${missing[*]}); continuing"
        exit 0
    fi
    note "retrying with the essential packages only: ${essential[*]}"
    apt_get install -y --no-install-recommends "${essential[@]}"
    note "optional packages not installed; PDF reports, browser tests or compose validation may fail"
fi
note "done"
