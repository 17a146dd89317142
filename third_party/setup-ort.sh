#!/usr/bin/env bash
# Installs the ONNX Runtime CPU shared library that khabar loads at run time.
#
# No download site is reachable from our machines; the npm package
# onnxruntime-node carries the Linux x64 library, so we take it from there with
# `npm pack` (which runs no install scripts) and check its sha256.
# Idempotent: a library already in place with the right checksum is kept.
set -euo pipefail

ORT_VERSION=1.30.0
LIB_SHA256=ffb75a925ba05e47b235bb66e3e3911714a80b328a9c9425539feb204aa32a23
here=$(cd "$(dirname "$0")" && pwd)
dest="$here/onnxruntime/lib"
lib="$dest/libonnxruntime.so.$ORT_VERSION"

check() { [ -f "$lib" ] && echo "$LIB_SHA256  $lib" | sha256sum --check --status; }

if check; then
	echo "onnxruntime $ORT_VERSION already installed: $lib"
	exit 0
fi

case "$(uname -s)/$(uname -m)" in
Linux/x86_64) ;;
*)
	echo "setup-ort: only linux/x86_64 is packaged here; install ONNX Runtime $ORT_VERSION yourself" >&2
	echo "and point ONNXRUNTIME_SHARED_LIBRARY_PATH (or --ort-lib) at libonnxruntime.so" >&2
	exit 1
	;;
esac

if ! command -v npm >/dev/null 2>&1; then
	echo "setup-ort: npm is missing. Install Node.js and npm first, e.g." >&2
	echo "    apt-get update && apt-get install -y nodejs npm" >&2
	echo "then run 'make setup' again." >&2
	exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "fetching onnxruntime-node@$ORT_VERSION with npm pack ..."
npm pack --silent --pack-destination "$tmp" "onnxruntime-node@$ORT_VERSION" >/dev/null
tar -xzf "$tmp/onnxruntime-node-$ORT_VERSION.tgz" -C "$tmp" --wildcards 'package/bin/napi-v*/linux/x64/libonnxruntime.so.1*'
src=$(find "$tmp/package/bin" -path '*linux/x64/libonnxruntime.so.1*' -type f | head -n 1)
if [ -z "$src" ]; then
	echo "setup-ort: libonnxruntime.so.1 not found in onnxruntime-node@$ORT_VERSION" >&2
	exit 1
fi
got=$(sha256sum "$src" | awk '{print $1}')
if [ "$got" != "$LIB_SHA256" ]; then
	echo "setup-ort: checksum mismatch for $src" >&2
	echo "  want $LIB_SHA256" >&2
	echo "  got  $got" >&2
	exit 1
fi
mkdir -p "$dest"
install -m 0644 "$src" "$lib"
ln -sf "libonnxruntime.so.$ORT_VERSION" "$dest/libonnxruntime.so"
echo "installed onnxruntime $ORT_VERSION: $lib"
