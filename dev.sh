#!/usr/bin/env bash
# briefgen's quick start and test runner for a fresh Debian or Ubuntu machine.
#
#   ./dev.sh sample   install what is needed, then build the sample documents into build/
#   ./dev.sh test     install what is needed, then run the linters and the test suite
#   ./dev.sh peers    benchmarks/peers.py: briefgen against docxtpl + LibreOffice (not a test)
#
# System packages are installed with apt-get (as root, or through sudo);
# Python packages go into .venv/ beside this script.
set -euo pipefail
cd "$(dirname "$0")"

APT_PACKAGES=(
  python3 python3-venv python3-pip
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0   # WeasyPrint (harfbuzz-subset: fast font subsetting)
  libfribidi0                                              # the Unicode bidi algorithm (Word runs, dir=auto)
  fonts-noto-core fonts-noto-cjk                           # Latin, Cyrillic, Arabic; Chinese
  fontconfig                                               # fc-list: which scripts the fonts cover
  libicu-dev pkg-config g++                                # PyICU (collation) compiles against ICU
)
TEST_PACKAGES=(
  poppler-utils qpdf                                       # pdftotext, pdffonts, qpdf --check
  libreoffice-writer-nogui                                 # DOCX -> PDF conversion
  python3-uno                                              # LibreOffice updates a contents (tests/lo_indexes.py)
  util-linux                                               # setpriv: a build without root's powers
  gettext                                                  # msgfmt: the shipped .mo files checked
)

need_apt() {
  local missing=() wanted=("${APT_PACKAGES[@]}")
  [ "${1:-}" = test ] && wanted+=("${TEST_PACKAGES[@]}")
  for pkg in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  # Node.js and npm run the OOXML schema validator in the tests; a machine may have them
  # from elsewhere (NodeSource bundles npm, which conflicts with Debian's npm package).
  if [ "${1:-}" = test ] && ! command -v npm >/dev/null; then missing+=(nodejs npm); fi
  if [ ${#missing[@]} -gt 0 ]; then
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "dev.sh: installing system packages: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

need_validator() {
  # The Open XML SDK's schema validator, compiled to WASM, from npm (tools/ooxml/package.json).
  if [ ! -x tools/ooxml/node_modules/.bin/ooxml-validate ]; then
    npm install --prefix tools/ooxml --no-audit --no-fund --loglevel=error >/dev/null
  fi
}

need_venv() {
  if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
  fi
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null
  .venv/bin/python -m pip install -q -e ".[test]"
}

case "${1:-}" in
  sample)
    need_apt; need_venv
    .venv/bin/briefgen check
    .venv/bin/briefgen build
    echo "dev.sh: documents are in build/"
    ;;
  test)
    need_apt test; need_venv; need_validator
    .venv/bin/ruff check src tests benchmarks
    .venv/bin/ruff format --check src tests benchmarks
    .venv/bin/mypy
    # Two processes, each test file on one of them (its module fixtures built once), the
    # longest files first (tests/conftest.py, SLOWEST_FIRST).
    .venv/bin/python -m pytest -q -p no:cacheprovider -n 2 --dist loadfile --no-loadscope-reorder "${@:2}"
    ;;
  peers)
    # benchmarks/peers.py: briefgen side by side with docxtpl + LibreOffice. Its extras
    # (docxtpl, python3-uno) stay out of the test environment, in .venv-peers/.
    APT_PACKAGES+=(libreoffice-writer-nogui python3-uno poppler-utils)
    need_apt
    [ -x .venv-peers/bin/python ] || python3 -m venv .venv-peers
    .venv-peers/bin/python -m pip install -q -e . docxtpl pypdf
    .venv-peers/bin/python benchmarks/peers.py "${@:2}"
    ;;
  *)
    echo "usage: ./dev.sh sample | ./dev.sh test [pytest args] | ./dev.sh peers [--countries N]" >&2
    exit 2
    ;;
esac
