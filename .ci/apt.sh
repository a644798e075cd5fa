# Sourced by the .ci scripts: installs Debian packages when a command is missing (needs root or sudo).
#   apt_install PACKAGE...   runs apt-get update (once per script) and apt-get install -y PACKAGE...

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else
    echo "[apt] need root (or sudo) for: $*" >&2; exit 1
  fi
}

apt_updated=
apt_install() {
  echo "[apt] installing $* (apt-get)" >&2
  if [ -z "$apt_updated" ]; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
    apt_updated=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >&2
}
