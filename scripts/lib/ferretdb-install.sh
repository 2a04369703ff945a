# shellcheck shell=bash
# shellcheck disable=SC2034  # FERRETDB is read by lib/service-ferretdb.sh
# Finding (or installing with `go install`) the pinned FerretDB binary for scripts/services.sh.
# ensure_ferretdb sets FERRETDB to a binary that runs and reports exactly FERRETDB_VERSION.

readonly FERRETDB_MODULE=github.com/FerretDB/FerretDB
readonly FERRETDB_VERSION=v1.24.2
FERRETDB=''

go_bin_dir() {
  local d
  d="$(go env GOBIN)"
  if [[ -z "$d" ]]; then
    d="$(go env GOPATH)"
    d="${d%%:*}/bin"
  fi
  printf '%s\n' "$d"
}

ferretdb_works() { # BIN: runs and reports exactly the pinned version
  local out
  [[ -x "$1" ]] || return 1
  out="$("$1" --version 2>/dev/null)" || return 1
  grep -qx "version: $FERRETDB_VERSION" <<<"$out"
}

find_ferretdb() {
  local c candidates=()
  if [[ -n "${FERRETDB_BIN:-}" ]]; then
    ferretdb_works "$FERRETDB_BIN" || die "FERRETDB_BIN=$FERRETDB_BIN is not a working FerretDB $FERRETDB_VERSION binary"
    FERRETDB="$FERRETDB_BIN"
    return 0
  fi
  if command -v go >/dev/null 2>&1; then candidates+=("$(go_bin_dir)/ferretdb"); fi
  candidates+=("${HOME:-/root}/go/bin/ferretdb")
  if c="$(command -v ferretdb 2>/dev/null)"; then candidates+=("$c"); fi
  for c in "${candidates[@]}"; do
    if ferretdb_works "$c"; then
      FERRETDB="$c"
      return 0
    fi
  done
  return 1
}

install_ferretdb() {
  local bin moddir tmp out
  if ! command -v go >/dev/null 2>&1; then
    die "go is not installed (no \`go\` on PATH), and it is needed to install FerretDB $FERRETDB_VERSION with \`go install $FERRETDB_MODULE/cmd/ferretdb@$FERRETDB_VERSION\`. Install Go >= 1.21 (https://go.dev/dl/), or point FERRETDB_BIN at a ferretdb $FERRETDB_VERSION binary."
  fi
  bin="$(go_bin_dir)/ferretdb"
  log "installing FerretDB $FERRETDB_VERSION: go install $FERRETDB_MODULE/cmd/ferretdb@$FERRETDB_VERSION (a few minutes the first time)"
  go install "$FERRETDB_MODULE/cmd/ferretdb@$FERRETDB_VERSION" >&2 ||
    die "\`go install $FERRETDB_MODULE/cmd/ferretdb@$FERRETDB_VERSION\` failed (see go's output above)"
  if ferretdb_works "$bin"; then
    FERRETDB="$bin"
    return 0
  fi

  # Known problem: FerretDB's module zip does not contain build/version/version.txt (its release builds
  # generate it with `git describe`), so a plain `go install` binary panics at startup with
  # "Invalid build/version/version.txt file content". Rebuild from the same module source with that
  # one file written, and install the result where `go install` put the broken one.
  out="$("$bin" --version 2>&1 | head -n1 || true)"
  log "the go-installed $bin does not start (\"$out\"); rebuilding it from the module source with build/version/version.txt = $FERRETDB_VERSION"
  moddir="$(go mod download -json "$FERRETDB_MODULE@$FERRETDB_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}[[:space:]]*$/\1/p')"
  [[ -n "$moddir" && -d "$moddir" ]] || die "cannot locate the $FERRETDB_MODULE@$FERRETDB_VERSION module source (go mod download -json gave no Dir)"
  tmp="$(mktemp -d "${TMPDIR:-/tmp}/ferretdb-build.XXXXXX")"
  cp -R "$moddir/." "$tmp/"
  chmod -R u+w "$tmp"
  printf '%s\n' "$FERRETDB_VERSION" >"$tmp/build/version/version.txt"
  if ! (cd "$tmp" && GOWORK=off GOFLAGS=-mod=mod go build -buildvcs=false -trimpath -o "$bin.new" ./cmd/ferretdb) >&2; then
    rm -rf "$tmp" "$bin.new"
    die "building FerretDB $FERRETDB_VERSION from $moddir failed (see go's output above)"
  fi
  rm -rf "$tmp"
  mv -f "$bin.new" "$bin"
  ferretdb_works "$bin" || die "the rebuilt $bin still does not run: $("$bin" --version 2>&1 | head -n3)"
  log "installed $bin ($FERRETDB_VERSION)"
  FERRETDB="$bin"
}

ensure_ferretdb() {
  find_ferretdb || install_ferretdb
}
