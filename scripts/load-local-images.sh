#!/usr/bin/env bash
# Builds the four service images and loads them into a local kind or minikube cluster, under the
# names k8s/overlays/local and charts/order-pipeline/values-local.yaml use:
#
#   localhost/orderpipeline/{storefront-api,order-processor,inventory-worker,ops-api}:dev
#
# Usage: scripts/load-local-images.sh [kind|minikube] [--cluster NAME] [--no-build]
#   kind       kind load image-archive (default when kind is installed); --cluster: the kind
#              cluster's name (default: the one k8s/cluster/local/kind.yaml creates, order-pipeline)
#   minikube   minikube image load; --cluster: the minikube profile (default: minikube)
#   --no-build use the jars as they are (default: ./mvnw -DskipTests package first, which rebuilds
#              what changed since the last build)
#
# Engine: podman if installed, else docker (CONTAINER_CLI=docker|podman). Run it again after a
# code change, then restart the pods: kubectl -n order-pipeline rollout restart deployment
# (the tag stays dev). Runs on bash 3.2 (macOS's) and newer.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SERVICES=(storefront-api order-processor inventory-worker ops-api)
PREFIX=localhost/orderpipeline
TAG=dev
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }
say() { printf '==> %s\n' "$*"; }
usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit "${1:-0}"; }

TARGET='' CLUSTER='' BUILD=1
while (($#)); do
  case $1 in
    kind | minikube) TARGET=$1; shift ;;
    --cluster) CLUSTER=${2:?--cluster needs a value}; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    -h | --help) usage ;;
    *) printf 'unknown argument %s\n\n' "$1" >&2; usage 2 ;;
  esac
done
if [[ -z $TARGET ]]; then
  if command -v kind >/dev/null; then TARGET=kind
  elif command -v minikube >/dev/null; then TARGET=minikube
  else die "neither kind nor minikube found"
  fi
fi
command -v "$TARGET" >/dev/null || die "$TARGET is not installed"

CLI=${CONTAINER_CLI:-}
if [[ -z $CLI ]]; then
  if command -v podman >/dev/null; then CLI=podman
  elif command -v docker >/dev/null; then CLI=docker
  else die "neither podman nor docker found"
  fi
fi

modules=$(IFS=,; echo "${SERVICES[*]}")
if ((BUILD)); then
  say "building the jars: ./mvnw -B -q -DskipTests package -pl $modules -am (rebuilds what changed)"
  (cd "$ROOT" && ./mvnw -B -q -DskipTests package -pl "$modules" -am)
fi
for s in "${SERVICES[@]}"; do
  compgen -G "$ROOT/$s/target/$s-*-exec.jar" >/dev/null || die "no $s/target/$s-<version>-exec.jar (run without --no-build)"
done
if [[ $TARGET == kind && -z $CLUSTER ]]; then
  CLUSTER=$(sed -n 's/^name: *//p' "$ROOT/k8s/cluster/local/kind.yaml" 2>/dev/null | head -n 1 || true)
  CLUSTER=${CLUSTER:-order-pipeline}
fi
jar=$(compgen -G "$ROOT/storefront-api/target/storefront-api-*-exec.jar" | head -n 1)
version=${jar##*/storefront-api-}
version=${version%-exec.jar}

say "building the images for this machine's platform (scripts/build-service-images.sh)"
"$ROOT/scripts/build-service-images.sh" --prefix "$PREFIX" "${SERVICES[@]}"

archive_dir=$(mktemp -d)
trap 'rm -rf "$archive_dir"' EXIT
for s in "${SERVICES[@]}"; do
  image=$PREFIX/$s:$TAG
  "$CLI" tag "$PREFIX/$s:$version" "$image"
  archive=$archive_dir/$s.tar
  say "saving $image to an archive"
  if [[ $CLI == podman ]]; then
    podman save --format docker-archive -o "$archive" "$image"
  else
    docker save -o "$archive" "$image"
  fi
  if [[ $TARGET == kind ]]; then
    say "kind load image-archive $s.tar --name $CLUSTER"
    kind load image-archive "$archive" --name "$CLUSTER"
  else
    say "minikube image load $s.tar -p ${CLUSTER:-minikube}"
    minikube image load "$archive" -p "${CLUSTER:-minikube}"
  fi
done
say "loaded ${SERVICES[*]} as $PREFIX/<service>:$TAG into $TARGET ${CLUSTER:-minikube}"
