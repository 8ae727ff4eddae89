# mirrors.sh, sourced by the scripts that build Debian roots (fresh-debian.sh,
# guest/make-image.sh): sets MIRROR and SECURITY_MIRROR to the Debian mirrors this host's apt
# uses (deb822 or one-line sources), unless the caller set them, or fails naming them.
host_uris() {
  { grep -h '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}'
    grep -h '^deb ' /etc/apt/sources.list 2>/dev/null | awk '{print $2}'; } | awk '!seen[$0]++' || true
}
MIRROR=${MIRROR:-$(host_uris | { grep -v -- '-security' || true; } | head -n 1)}
SECURITY_MIRROR=${SECURITY_MIRROR:-$(host_uris | { grep -- '-security' || true; } | head -n 1)}
if [ -z "$MIRROR" ] || [ -z "$SECURITY_MIRROR" ]; then
  echo "no Debian mirror in this host's apt sources: set MIRROR and SECURITY_MIRROR" >&2
  exit 2
fi
