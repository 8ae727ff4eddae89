#!/usr/bin/env bash
# Pull benchmark: the same 4-layer gzip OCI image pulled from a local registry by three tools,
# in one run, the tools alternating within every round (the first tool rotates from round to
# round), each round from an empty store; median, min and max of wall time and peak RSS
# (GNU time's %e and %M) over RUNS rounds, and the ratios of Glassbox's medians to the others':
#   glassbox  glassbox-image --root DIR pull: download, verify every blob's digest and every
#             layer's diff_id, extract the layers into its overlay2 store, record the image;
#   skopeo    skopeo copy docker://... oci:DIR: download and write an OCI layout, no extraction
#             (the lower bound for moving the bytes);
#   podman    podman pull into containers/storage (overlay driver if this host's podman can
#             use it, else vfs; the output says which): download, verify and extract, like
#             Glassbox.
# Each tool uses its default download parallelism (Glassbox 3 blobs at a time, skopeo and
# podman 6; the image has 4 layers).
# The registry is Debian's docker-registry (the CNCF distribution registry) on a free port of
# 127.0.0.1, plain HTTP, no auth, storage in the work dir; every tool is told it is insecure
# (and so tries HTTPS first and falls back to HTTP, as podman does). All traffic stays on
# 127.0.0.1. The image is built here from this host's files: layer 1 ~80 MiB of
# /usr/lib/x86_64-linux-gnu, layer 2 ~30 MiB of /usr/share/doc, layer 3 20 MiB of random
# bytes, layer 4 one small config file. A warm-up round (not counted) checks every tool's
# result: Glassbox's and podman's image id and the config skopeo wrote are the config digest.
# The registry, podman's store and mounts and every file are removed at the end, also on
# failure. skopeo keeps its blob info cache (digests only) where it always does,
# /var/lib/containers/cache.
# Needs root.  usage: bench/pull.sh [RUNS] [BUILD DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
build=${2:-build/ci}
for cmd in docker-registry skopeo podman /usr/bin/time; do
  command -v "$cmd" >/dev/null || { echo "missing $cmd" >&2; exit 1; }
done
. bench/lib.sh
# bench_begin checks root and the binary, makes $work (/var/tmp/gb-pull.*) and installs the
# trap: it kills the processes in $work/*.pid (the registry), calls bench_cleanup_extra
# (podman's reset), unmounts what is left under $work and removes it. glassbox-image stands
# in for the runtime it expects; no containers are made, so there are no runtime roots.
bench_begin pull "$build/core/image/glassbox-image"
bench_runtime_roots=()
glassbox=$(realpath "$build/core/image/glassbox-image")
# Temporary files of skopeo and podman (podman stages downloads in $TMPDIR) stay in the work
# dir, also when a tool is killed.
mkdir -p "$work/tmp"
export TMPDIR=$work/tmp
# Short paths: podman refuses a runroot over 50 characters.
podman_base=(podman --root "$work/p/root" --runroot "$work/p/run" --tmpdir "$work/p/tmp"
  --cgroup-manager cgroupfs --events-backend file)
podman=()

bench_cleanup_extra() {
  # podman's overlay driver leaves its store mounted; reset unmounts and empties it.
  [ -d "$work/p" ] && [ ${#podman[@]} -gt 0 ] && "${podman[@]}" system reset -f >/dev/null 2>&1
}

# --- the image: 4 gzip layers of an OCI layout, written with tar, gzip and sha256sum --------

# Top-level entries of DIR in name order, skipping any over 16 MiB (a mix of typical files,
# not a few huge ones), until they add up to LIMIT bytes; printed relative to /. awk reads
# to the end: an early exit would fail the pipeline (SIGPIPE in du, pipefail).
pick() {
  local dir=$1 limit=$2
  find "$dir" -mindepth 1 -maxdepth 1 -print0 | LC_ALL=C sort -z |
    du -s --apparent-size -B1 --files0-from=- |
    awk -F'\t' -v limit="$limit" 'sum < limit && $1 <= 16 * 2^20 { print substr($2, 2); sum += $1 }'
}

layout=$work/layout
mkdir -p "$layout/blobs/sha256" "$work/src"
# Moves FILE into the layout's blobs; prints "sha256:HEX SIZE".
blob() {
  local hex size
  hex=$(sha256sum "$1" | cut -d' ' -f1)
  size=$(stat -c %s "$1")
  mv "$1" "$layout/blobs/sha256/$hex"
  echo "sha256:$hex $size"
}

echo "building the image in $work ..."
pick /usr/lib/x86_64-linux-gnu $((80 * 2**20)) >"$work/layer1.list"
pick /usr/share/doc $((30 * 2**20)) >"$work/layer2.list"
# Layer 3: incompressible bytes; layer 4: a file a last Dockerfile step might add.
mkdir -p "$work/src/3/opt/app" "$work/src/4/etc/app"
head -c $((20 * 2**20)) /dev/urandom >"$work/src/3/opt/app/data.bin"
printf '[server]\nlisten = "0.0.0.0:8080"\nworkers = 4\n' >"$work/src/4/etc/app/config.toml"

layers_json='' diff_ids_json='' history_json=''
for layer in 1 2 3 4; do
  tarball=$work/layer$layer.tar
  if [ "$layer" -le 2 ]; then
    # The parent directories as entries of their own, as image builders write them.
    list=$work/layer$layer.list
    parent=$(dirname "$(head -1 "$list")")
    parents=()
    while [ "$parent" != . ]; do parents=("$parent" "${parents[@]}"); parent=$(dirname "$parent"); done
    tar -C / --numeric-owner -cf "$tarball" --no-recursion "${parents[@]}" \
      --recursion --verbatim-files-from -T "$list"
  else
    tar -C "$work/src/$layer" --numeric-owner --owner=0 --group=0 -cf "$tarball" .
  fi
  diff_id=sha256:$(sha256sum "$tarball" | cut -d' ' -f1)
  entries=$(tar -tf "$tarball" | wc -l)
  usize=$(stat -c %s "$tarball")
  gzip -n "$tarball"
  read -r digest size < <(blob "$tarball.gz")
  printf '  layer %s: %d entries, %.1f MiB tar, %.1f MiB gzip\n' "$layer" "$entries" \
    "$(bc -l <<<"$usize / 2^20")" "$(bc -l <<<"$size / 2^20")"
  layers_json+=${layers_json:+,}$(printf '{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"%s","size":%s}' "$digest" "$size")
  diff_ids_json+=${diff_ids_json:+,}\"$diff_id\"
  history_json+=${history_json:+,}$(printf '{"created_by":"bench/pull.sh layer %s"}' "$layer")
done
rm -rf "$work/src"
printf '{"architecture":"amd64","os":"linux","config":{"Cmd":["/bin/sh"]},"rootfs":{"type":"layers","diff_ids":[%s]},"history":[%s]}' \
  "$diff_ids_json" "$history_json" >"$work/config.json"
read -r config_digest config_size < <(blob "$work/config.json")
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":%s},"layers":[%s]}' \
  "$config_digest" "$config_size" "$layers_json" >"$work/manifest.json"
read -r manifest_digest manifest_size < <(blob "$work/manifest.json")
printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":%s,"annotations":{"org.opencontainers.image.ref.name":"app"}}]}' \
  "$manifest_digest" "$manifest_size" >"$layout/index.json"
printf '{"imageLayoutVersion":"1.0.0"}' >"$layout/oci-layout"
echo "  config $config_digest, manifest $manifest_digest"

# --- the registry ----------------------------------------------------------------------------

# skopeo refuses to copy without a signature policy; the host's may be missing or strict.
printf '{"default":[{"type":"insecureAcceptAnything"}]}\n' >"$work/policy.json"
# A free port: a random one nobody listens on; if another process takes it before the
# registry binds it, the registry exits with "address already in use" and we try another.
port=
for _ in $(seq 20); do
  candidate=$((20000 + RANDOM % 40000))
  [ -z "$(ss -Hltn "sport = :$candidate")" ] || continue
  # Health checks and upload purging off: background work the timings should not see.
  cat >"$work/registry.yml" <<EOF
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $work/registry
  maintenance:
    uploadpurging:
      enabled: false
http:
  addr: 127.0.0.1:$candidate
  secret: $(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
health:
  storagedriver:
    enabled: false
EOF
  # REGISTRY_* variables override the file, so none of ours may leak in; exec keeps the
  # pid, which the trap kills (disowned: bash would report the kill as "Killed").
  (
    while read -r name; do unset "$name"; done < <(compgen -e | grep '^REGISTRY_' || true)
    exec docker-registry serve "$work/registry.yml"
  ) >/dev/null 2>"$work/registry.log" &
  echo $! >"$work/registry.pid"
  disown
  for _ in $(seq 100); do
    kill -0 "$(cat "$work/registry.pid")" 2>/dev/null || break
    # GET /v2/ with bash's /dev/tcp (no curl on a stock system), in a subshell that a
    # refused connection ends: the status once it serves.
    status=$( (exec 3<>"/dev/tcp/127.0.0.1/$candidate" &&
      printf 'GET /v2/ HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3 &&
      read -r -t 2 _ code _ <&3 && echo "$code") 2>/dev/null || true)
    if [ "$status" = 200 ]; then
      port=$candidate
      break
    fi
    sleep 0.1
  done
  [ -n "$port" ] && break
  kill "$(cat "$work/registry.pid")" 2>/dev/null || true
  grep -q 'address already in use' "$work/registry.log" ||
    { echo "docker-registry did not start:" >&2; cat "$work/registry.log" >&2; exit 1; }
done
[ -n "$port" ] || { echo "no free port for docker-registry" >&2; exit 1; }
ref=127.0.0.1:$port/bench/app:1
skopeo --policy "$work/policy.json" copy -q --dest-tls-verify=false "oci:$layout:app" "docker://$ref"
printf '[[registry]]\nlocation = "127.0.0.1:%s"\ninsecure = true\n' "$port" >"$work/registries.conf"
echo "registry: docker-registry on 127.0.0.1:$port, image $ref"

# --- the tools -------------------------------------------------------------------------------

# podman's overlay driver needs the kernel's overlayfs on the work dir's file system: try it.
driver=overlay
if ! "${podman_base[@]}" --storage-driver overlay info --format '{{.Store.GraphDriverName}}' \
  >"$work/podman-probe.out" 2>&1 || [ "$(cat "$work/podman-probe.out")" != overlay ]; then
  echo "note: podman's overlay driver does not work here ($(tail -1 "$work/podman-probe.out")); using vfs"
  driver=vfs
fi
podman=("${podman_base[@]}" --storage-driver "$driver")
"${podman[@]}" system reset -f >/dev/null 2>&1 || true

tools=(glassbox skopeo podman)
command_of() {
  case $1 in
    glassbox) cmd=("$glassbox" --root "$work/gb" pull -q --registries-conf "$work/registries.conf" "$ref") ;;
    skopeo) cmd=(skopeo --policy "$work/policy.json" copy -q --src-tls-verify=false "docker://$ref" "oci:$work/oci:app") ;;
    podman) cmd=("${podman[@]}" pull -q --tls-verify=false "$ref") ;;
  esac
}
# Every round starts from nothing: a fresh store for Glassbox, a fresh layout for skopeo,
# a reset store (database, layers, blob info cache) for podman.
reset_store() {
  case $1 in
    glassbox) rm -rf "$work/gb" ;;
    skopeo) rm -rf "$work/oci" ;;
    # rm fails (and so the script) if the reset left a mount behind.
    podman) "${podman[@]}" system reset -f >/dev/null 2>&1 || true; rm -rf "$work/p" ;;
  esac
}
# Runs TOOL once, appends "seconds KiB" to $work/TOOL.times (unless "warm-up").
pull() {
  local tool=$1 seconds kib
  command_of "$tool"
  # Write back the previous pull's and reset's dirty pages before the clock starts.
  sync
  if ! /usr/bin/time -f '%e %M' -o "$work/time.out" "${cmd[@]}" >"$work/$tool.out" 2>"$work/$tool.err"; then
    echo "$tool failed: ${cmd[*]}" >&2
    cat "$work/$tool.err" "$work/time.out" >&2
    exit 1
  fi
  read -r seconds kib <"$work/time.out"
  [ "${2:-}" = warm-up ] || echo "$seconds $kib" >>"$work/$tool.times"
}

echo "$(date -u +%FT%TZ) $(uname -r), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $runs rounds"
echo "versions: $glassbox (built $(date -u -r "$glassbox" +%FT%TZ)); $(skopeo --version);" \
  "$(podman --version) (storage driver $driver); docker-registry $(docker-registry --version | cut -d' ' -f3)"

# Warm-up: every tool once, and its result checked against the image built above.
for tool in "${tools[@]}"; do pull "$tool" warm-up; done
[ "$(cat "$work/glassbox.out")" = "$config_digest" ] ||
  [ "sha256:$(cat "$work/glassbox.out")" = "$config_digest" ] ||
  { echo "glassbox-image printed $(cat "$work/glassbox.out"), not $config_digest" >&2; exit 1; }
[ -f "$work/oci/blobs/sha256/${config_digest#sha256:}" ] ||
  { echo "skopeo's layout lacks the config $config_digest" >&2; exit 1; }
podman_id=$("${podman[@]}" images --no-trunc --format '{{.ID}}')
[ "$podman_id" = "$config_digest" ] || [ "sha256:$podman_id" = "$config_digest" ] ||
  { echo "podman stored image $podman_id, not $config_digest" >&2; exit 1; }
echo "warm-up: every tool pulled image $config_digest"
for tool in "${tools[@]}"; do reset_store "$tool"; done

for round in $(seq 0 $((runs - 1))); do
  for i in 0 1 2; do
    tool=${tools[(round + i) % 3]}
    pull "$tool"
    reset_store "$tool"
  done
done

# --- the report ------------------------------------------------------------------------------

# Column COL of $work/TOOL.times: "median min max".
stats() {
  cut -d' ' -f"$2" "$work/$1.times" | sort -n |
    awk '{ a[NR] = $1 } END { m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
      print m, a[1], a[NR] }'
}
echo
echo "| tool | rounds | median s | min s | max s | median peak RSS MiB | min MiB | max MiB |"
echo "|---|---|---|---|---|---|---|---|"
declare -A time_median rss_median
for tool in "${tools[@]}"; do
  read -r tm tmin tmax < <(stats "$tool" 1)
  read -r rmed rmin rmax < <(stats "$tool" 2)
  time_median[$tool]=$tm
  rss_median[$tool]=$rmed
  printf '| %s | %d | %.2f | %.2f | %.2f | %.1f | %.1f | %.1f |\n' "$tool" \
    "$(wc -l <"$work/$tool.times")" "$tm" "$tmin" "$tmax" \
    "$(bc -l <<<"$rmed / 1024")" "$(bc -l <<<"$rmin / 1024")" "$(bc -l <<<"$rmax / 1024")"
done
echo
for peer in skopeo podman; do
  printf 'glassbox/%s: time %.2fx, peak RSS %.2fx (medians)\n' "$peer" \
    "$(bc -l <<<"${time_median[glassbox]} / ${time_median[$peer]}")" \
    "$(bc -l <<<"${rss_median[glassbox]} / ${rss_median[$peer]}")"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg); the whole run took $SECONDS s"
