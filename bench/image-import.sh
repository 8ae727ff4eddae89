#!/usr/bin/env bash
# Image import versus tar: a 4-layer gzip OCI image of >= 100 MB uncompressed is imported
# with glassbox-image (verify digests, extract, record) and, in the same run, its layers
# are unpacked with `tar -xzf` into plain directories. Medians of N runs and the ratio.
# Usage: bench/image-import.sh [path/to/glassbox-image] [runs]   (as root)
set -euo pipefail

tool=${1:-build/core/image/glassbox-image}
runs=${2:-5}
work=$(mktemp -d /var/tmp/glassbox-bench-XXXXXX)
trap 'rm -rf "$work"' EXIT

# Random bytes as base64 text: about as compressible as typical binaries and text.
echo "generating layers in $work ..."
for layer in 1 2 3 4; do
  dir="$work/src$layer"
  mkdir -p "$dir"
  for sub in $(seq 1 8); do
    mkdir -p "$dir/d$sub"
    for f in $(seq 1 40); do
      head -c 60000 /dev/urandom | base64 > "$dir/d$sub/f$f"
    done
  done
  tar -C "$dir" -czf "$work/layer$layer.tar.gz" .
done
du -sh --apparent-size "$work"/src? | sed 's/^/  /'

python3 - "$work" <<'PY'
import gzip, hashlib, json, os, sys
work = sys.argv[1]
out = os.path.join(work, "layout")
os.makedirs(os.path.join(out, "blobs", "sha256"))
def put(data):
    digest = hashlib.sha256(data).hexdigest()
    open(os.path.join(out, "blobs", "sha256", digest), "wb").write(data)
    return "sha256:" + digest, len(data)
layers, diff_ids = [], []
for i in range(1, 5):
    blob = open(os.path.join(work, f"layer{i}.tar.gz"), "rb").read()
    diff_ids.append("sha256:" + hashlib.sha256(gzip.decompress(blob)).hexdigest())
    digest, size = put(blob)
    layers.append({"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": digest, "size": size})
config = json.dumps({"architecture": "amd64", "os": "linux", "config": {"Cmd": ["sh"]},
                     "rootfs": {"type": "layers", "diff_ids": diff_ids},
                     "history": [{"created_by": f"layer {i}"} for i in range(1, 5)]}).encode()
cdigest, csize = put(config)
manifest = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                       "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": cdigest, "size": csize},
                       "layers": layers}).encode()
mdigest, msize = put(manifest)
json.dump({"schemaVersion": 2, "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json",
           "digest": mdigest, "size": msize, "annotations": {"org.opencontainers.image.ref.name": "bench/import:latest"}}]},
          open(os.path.join(out, "index.json"), "w"))
open(os.path.join(out, "oci-layout"), "w").write('{"imageLayoutVersion":"1.0.0"}')
PY

now() { date +%s.%N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
: > "$work/glassbox.times"
: > "$work/tar.times"
for run in $(seq 1 "$runs"); do
  sync
  start=$(now)
  "$tool" --root "$work/store" import "$work/layout" > /dev/null
  end=$(now)
  echo "$end - $start" | bc >> "$work/glassbox.times"
  rm -rf "$work/store"
  sync
  start=$(now)
  for layer in 1 2 3 4; do
    mkdir -p "$work/tar/$layer"
    tar -xzf "$work/layer$layer.tar.gz" -C "$work/tar/$layer"
  done
  end=$(now)
  echo "$end - $start" | bc >> "$work/tar.times"
  rm -rf "$work/tar"
done
glassbox=$(median < "$work/glassbox.times")
tar=$(median < "$work/tar.times")
printf 'runs: %s\nglassbox-image import: median %.3f s  (%s)\ntar -xzf:              median %.3f s  (%s)\nratio: %.2fx\n' \
  "$runs" "$glassbox" "$(tr '\n' ' ' < "$work/glassbox.times")" "$tar" \
  "$(tr '\n' ' ' < "$work/tar.times")" "$(echo "$glassbox / $tar" | bc -l)"
