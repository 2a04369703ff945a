# shellcheck shell=bash
# PostgreSQL binaries and the OS user that runs them, for lib/service-postgres.sh.
#   ensure_postgres  sets PG_BIN (dir with initdb and postgres), PG_VERSION, PG_PSQL, PG_ISREADY; installs
#                    Debian's postgresql package (as root) when there is none.
#   pg_choose_user   sets PG_USER: the current user, or (as root) postgres / hrhub-pg.
#   as_pg CMD...     runs CMD as PG_USER;  pg_command CMD...  puts that command line in PG_COMMAND.

PG_BIN='' PG_VERSION='' PG_PSQL='' PG_ISREADY='' PG_USER=''
PG_COMMAND=()

# Debian's /usr/lib/postgresql/<version>/bin (highest version first), then initdb/postgres on PATH.
find_postgres() {
  local d c
  while IFS= read -r d; do
    d="${d%/}"
    if [[ -x "$d/initdb" && -x "$d/postgres" && -x "$d/pg_ctl" ]]; then PG_BIN="$d"; break; fi
  done < <(printf '%s\n' /usr/lib/postgresql/*/bin/ | sort -rV)
  if [[ -z "$PG_BIN" ]] && c="$(command -v initdb 2>/dev/null)"; then
    d="$(dirname "$(readlink -f "$c")")"
    if [[ -x "$d/postgres" ]]; then PG_BIN="$d"; fi
  fi
  [[ -n "$PG_BIN" ]] || return 1
  PG_VERSION="$("$PG_BIN/postgres" --version 2>/dev/null | sed -n 's/^postgres (PostgreSQL) \([^ ]*\).*/\1/p')"
  [[ -n "$PG_VERSION" ]] || { warn "$PG_BIN/postgres --version does not work"; PG_BIN=''; return 1; }
  PG_PSQL="$PG_BIN/psql"
  [[ -x "$PG_PSQL" ]] || PG_PSQL="$(command -v psql 2>/dev/null)" ||
    die "PostgreSQL $PG_VERSION found in $PG_BIN, but no psql (install Debian's postgresql-client package)"
  PG_ISREADY="$PG_BIN/pg_isready"
  [[ -x "$PG_ISREADY" ]] || PG_ISREADY="$(command -v pg_isready 2>/dev/null)" || PG_ISREADY=''
}

ensure_postgres() {
  find_postgres && return 0
  # The package may create and start Debian's own cluster (port 5432); this script never touches it.
  apt_install postgresql 'PostgreSQL (no /usr/lib/postgresql/<version>/bin/initdb, no initdb on PATH)' 'or use --backend sqlite'
  find_postgres || die "apt-get installed postgresql, but there is still no /usr/lib/postgresql/<version>/bin/{initdb,pg_ctl,postgres}"
}

pg_choose_user() {
  if ((EUID != 0)); then PG_USER="$(id -un)"; return 0; fi
  if id -u postgres >/dev/null 2>&1; then PG_USER=postgres; return 0; fi
  PG_USER=hrhub-pg
  if ! id -u "$PG_USER" >/dev/null 2>&1; then
    log "creating the system user $PG_USER to run PostgreSQL (it refuses to run as root)"
    useradd --system --no-create-home --shell /usr/sbin/nologin "$PG_USER" ||
      die "useradd --system --no-create-home --shell /usr/sbin/nologin $PG_USER failed"
  fi
}

# sh_quote ARGS...: the arguments as one /bin/sh command line.
sh_quote() {
  local a out=''
  for a in "$@"; do out+="'${a//\'/\'\\\'\'}' "; done
  printf '%s\n' "${out% }"
}

pg_command() {
  if ((EUID != 0)); then
    PG_COMMAND=("$@")
  elif command -v runuser >/dev/null 2>&1; then
    PG_COMMAND=(runuser -u "$PG_USER" -- "$@")
  else
    PG_COMMAND=(su -s /bin/sh "$PG_USER" -c "exec $(sh_quote "$@")")
  fi
}

as_pg() {
  pg_command "$@"
  (cd / && "${PG_COMMAND[@]}")
}
