#!/usr/bin/env bash
# Builds the container images of the four services from their Spring Boot fat jars with
# images/service/Dockerfile:
#
#   storefront-api    -> <prefix>/storefront-api:<version>    port 8080
#   order-processor   -> <prefix>/order-processor:<version>   port 8081
#   inventory-worker  -> <prefix>/inventory-worker:<version>  port 8082
#   ops-api           -> <prefix>/ops-api:<version>           port 8080 (8083 outside a container)
#
# The jars (<module>/target/<module>-<version>-exec.jar) must exist: ./mvnw -DskipTests package
# (which also makes local-stack/target/lib, the MongoDB stand-in the images' AOT training runs
# against). Each image carries a JDK AOT cache trained at build time (docs/containers.md);
# AOT_TRAINING=off builds images without one.
#
# Usage: scripts/build-service-images.sh [--platform linux/arm64|linux/amd64] [--base-image IMAGE]
#                                        [--prefix localhost/orderpipeline] [module ...]
#   --platform    platform of the images (default: the build machine's)
#   --base-image  Java 25 runtime image; default localhost/orderpipeline/jre:25 if the engine has it
#                 (registry-less machines, built with --pull=never), else eclipse-temurin:25-jre
#   --prefix      image name prefix (default localhost/orderpipeline)
# Engine: podman if installed, else docker (CONTAINER_CLI=docker|podman to choose).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${CONTAINER_BUILD_DIR:-$ROOT/.container-build}
LOCAL_JRE=localhost/orderpipeline/jre:25
PUBLIC_JRE=eclipse-temurin:25-jre
ALL_MODULES=(storefront-api order-processor inventory-worker ops-api)
# the HTTP port of a module (no associative arrays: bash 3.2, macOS's own, runs this too)
port() {
  case $1 in storefront-api) echo 8080 ;; order-processor) echo 8081 ;; inventory-worker) echo 8082 ;; ops-api) echo 8080 ;; esac
}

die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }
usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit "${1:-0}"; }

PLATFORM='' BASE_IMAGE='' PREFIX=localhost/orderpipeline MODULES=()
while (($#)); do
  case $1 in
    --platform) PLATFORM=${2:?--platform needs a value}; shift 2 ;;
    --platform=*) PLATFORM=${1#*=}; shift ;;
    --base-image) BASE_IMAGE=${2:?--base-image needs a value}; shift 2 ;;
    --base-image=*) BASE_IMAGE=${1#*=}; shift ;;
    --prefix) PREFIX=${2:?--prefix needs a value}; shift 2 ;;
    --prefix=*) PREFIX=${1#*=}; shift ;;
    -h | --help) usage ;;
    -*) printf 'unknown option %s\n\n' "$1" >&2; usage 2 ;;
    *) [[ -n $(port "$1") ]] || die "unknown module '$1' (one of: ${ALL_MODULES[*]})"; MODULES+=("$1"); shift ;;
  esac
done
((${#MODULES[@]})) || MODULES=("${ALL_MODULES[@]}")

CLI=${CONTAINER_CLI:-}
if [[ -z $CLI ]]; then
  if command -v podman >/dev/null; then CLI=podman
  elif command -v docker >/dev/null; then CLI=docker
  else die "neither podman nor docker found: run scripts/setup-container-engine.sh"
  fi
fi

# every jar first, so that nothing is built when one is missing
AOT_TRAINING=${AOT_TRAINING:-on}
STANDIN_LIB=$ROOT/local-stack/target/lib
if [[ $AOT_TRAINING == on ]] && ! compgen -G "$STANDIN_LIB/pipeline-testkit-*.jar" >/dev/null; then
  die "no $STANDIN_LIB (the MongoDB stand-in of the AOT training). Build the jars first:  ./mvnw -DskipTests package"
fi
JARS=()
for m in "${MODULES[@]}"; do
  shopt -s nullglob
  jars=("$ROOT/$m/target/$m"-*-exec.jar)
  shopt -u nullglob
  ((${#jars[@]} == 1)) || die "$(
    if ((${#jars[@]} == 0)); then echo "no $m/target/$m-<version>-exec.jar"; else echo "several exec jars in $m/target: ${jars[*]##*/}"; fi
  ). Build the jars first:  ./mvnw -DskipTests package"
  JARS+=("${jars[0]}")
done

PULL=()
if [[ -z $BASE_IMAGE ]]; then
  if "$CLI" image inspect "$LOCAL_JRE" >/dev/null 2>&1; then BASE_IMAGE=$LOCAL_JRE; else BASE_IMAGE=$PUBLIC_JRE; fi
fi
if [[ $BASE_IMAGE == localhost/* ]]; then # a local image: never ask a registry
  if [[ $CLI == podman ]]; then PULL=(--pull=never); else PULL=(--pull=false); fi
fi
PLATFORM_ARGS=()
[[ -n $PLATFORM ]] && PLATFORM_ARGS=(--platform "$PLATFORM")
ENGINE_ARGS=()
if [[ $CLI == podman ]]; then
  # podman 4.3 (Debian 12): BUILDPLATFORM is not predefined for FROM lines (stage 1 would be
  # built for the target platform), and its layer cache ignores build-arg values (all four
  # services would get the first one's PORT): pass the former, build without the cache.
  case $(uname -m) in x86_64) arch=amd64 ;; aarch64) arch=arm64 ;; *) arch=$(uname -m) ;; esac
  ENGINE_ARGS=(--build-arg "BUILDPLATFORM=linux/$arch" --layers=false)
fi

echo "engine: $CLI; base image: $BASE_IMAGE; platform: ${PLATFORM:-that of this machine}; AOT cache trained at build: $AOT_TRAINING"
SECONDS=0
for i in "${!MODULES[@]}"; do
  m=${MODULES[i]}
  jar=${JARS[i]}
  version=${jar##*/"$m"-}
  version=${version%-exec.jar}
  tag=$PREFIX/$m:$version
  # a context holding only the jar (target/ also has classes, test reports, ...)
  context=$CACHE/service/$m
  rm -rf "$context"
  mkdir -p "$context"
  ln "$jar" "$context/" 2>/dev/null || cp "$jar" "$context/"
  # the AOT cache's training run: its script and the MongoDB stand-in's class path
  mkdir -p "$context/aot-training/lib"
  cp "$ROOT/images/service/aot-train" "$context/aot-training/"
  if [[ $AOT_TRAINING == on ]]; then
    for lib in "$STANDIN_LIB"/*.jar; do ln "$lib" "$context/aot-training/lib/" 2>/dev/null || cp "$lib" "$context/aot-training/lib/"; done
  fi
  log=$CACHE/build-service-$m.log
  echo "==> $tag  (${jar#"$ROOT"/}, port $(port "$m"))"
  # ${a[@]+"${a[@]}"}: an empty array under set -u (bash < 4.4 calls "${a[@]}" unbound)
  if ! "$CLI" build ${PULL[@]+"${PULL[@]}"} ${PLATFORM_ARGS[@]+"${PLATFORM_ARGS[@]}"} ${ENGINE_ARGS[@]+"${ENGINE_ARGS[@]}"} \
      -f "$ROOT/images/service/Dockerfile" \
      --build-arg "BASE_IMAGE=$BASE_IMAGE" --build-arg "MODULE=$m" --build-arg "PORT=$(port "$m")" \
      --build-arg "AOT_TRAINING=$AOT_TRAINING" -t "$tag" "$context" >"$log" 2>&1; then
    tail -25 "$log" >&2
    die "building $tag failed (log: $log)"
  fi
  echo "    built $tag ($("$CLI" image inspect --format '{{.Size}}' "$tag" | awk '{printf "%d MB", $1/1000000}'); log: $log)"
  rm -rf "$context"
done
echo "done in $SECONDS s"
