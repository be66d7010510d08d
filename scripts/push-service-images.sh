#!/usr/bin/env bash
# Builds the three service images and pushes them to a registry, ready for the deploy to point at
# (docs/deploy.md, "Images"):
#
#   <registry>/storefront-api:<tag>  <registry>/order-processor:<tag>  <registry>/inventory-worker:<tag>
#
# Usage: scripts/push-service-images.sh --registry REGISTRY [--tag TAG] [--platform linux/amd64]
#                                       [--base-image IMAGE]
#   --registry    where to push, e.g. 111122223333.dkr.ecr.eu-west-1.amazonaws.com/order-pipeline
#                 (or $IMAGE_REGISTRY). An Amazon ECR registry: the script creates the three
#                 repositories if missing (scan on push, immutable tags) and logs in with
#                 `aws ecr get-login-password`; any other registry: log in yourself first.
#   --tag         image tag (default: the project's version without -SNAPSHOT, e.g. 0.1.0;
#                 or $IMAGE_TAG). Tags are never "latest".
#   --platform    platform of the nodes (default linux/amd64, e.g. EKS on m6i; linux/arm64 for Graviton)
#   --base-image  Java 25 runtime (default eclipse-temurin:25-jre, pulled from Docker Hub)
#
# Builds the jars first if they are missing (./mvnw -DskipTests package). Engine: podman if
# installed, else docker (CONTAINER_CLI=docker|podman to choose). Idempotent: an existing
# repository is kept, an image already in the registry under the same tag is not pushed again.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SERVICES=(storefront-api order-processor inventory-worker)
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }
say() { printf '==> %s\n' "$*"; }
usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit "${1:-0}"; }

REGISTRY=${IMAGE_REGISTRY:-} TAG=${IMAGE_TAG:-} PLATFORM=linux/amd64 BASE_IMAGE=eclipse-temurin:25-jre
while (($#)); do
  case $1 in
    --registry) REGISTRY=${2:?--registry needs a value}; shift 2 ;;
    --tag) TAG=${2:?--tag needs a value}; shift 2 ;;
    --platform) PLATFORM=${2:?--platform needs a value}; shift 2 ;;
    --base-image) BASE_IMAGE=${2:?--base-image needs a value}; shift 2 ;;
    -h | --help) usage ;;
    *) printf 'unknown argument %s\n\n' "$1" >&2; usage 2 ;;
  esac
done
[[ -n $REGISTRY ]] || { printf 'ERROR: --registry is required\n\n' >&2; usage 2; }
REGISTRY=${REGISTRY%/}
[[ $TAG != latest ]] || die "the tag latest is refused: the manifests pin every image by tag"

CLI=${CONTAINER_CLI:-}
if [[ -z $CLI ]]; then
  if command -v podman >/dev/null; then CLI=podman
  elif command -v docker >/dev/null; then CLI=docker
  else die "neither podman nor docker found"
  fi
fi

# 1. the jars
missing=()
for s in "${SERVICES[@]}"; do
  compgen -G "$ROOT/$s/target/$s-*-exec.jar" >/dev/null || missing+=("$s")
done
if ((${#missing[@]})); then
  say "building the jars (missing: ${missing[*]}): ./mvnw -B -q -DskipTests package -pl $(IFS=,; echo "${SERVICES[*]}") -am"
  (cd "$ROOT" && ./mvnw -B -q -DskipTests package -pl "$(IFS=,; echo "${SERVICES[*]}")" -am)
fi
jar=$(compgen -G "$ROOT/storefront-api/target/storefront-api-*-exec.jar" | head -n 1)
version=${jar##*/storefront-api-}
version=${version%-exec.jar}
TAG=${TAG:-${version%-SNAPSHOT}}

# 2. the images, built for the nodes' platform under a local name
say "building the images for $PLATFORM on $BASE_IMAGE (scripts/build-service-images.sh)"
"$ROOT/scripts/build-service-images.sh" --platform "$PLATFORM" --base-image "$BASE_IMAGE" --prefix localhost/orderpipeline

# 3. ECR: repositories and login
host=${REGISTRY%%/*}
region='' path=''
if [[ $host =~ ^([0-9]{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com$ ]]; then
  region=${BASH_REMATCH[2]}
  path=${REGISTRY#"$host"}
  path=${path#/}
  command -v aws >/dev/null || die "the AWS CLI (aws) is needed for an ECR registry"
  for s in "${SERVICES[@]}"; do
    repo=${path:+$path/}$s
    if aws ecr describe-repositories --region "$region" --repository-names "$repo" >/dev/null 2>&1; then
      say "ECR repository $repo exists"
    else
      say "creating ECR repository $repo (scan on push, immutable tags)"
      aws ecr create-repository --region "$region" --repository-name "$repo" \
        --image-scanning-configuration scanOnPush=true --image-tag-mutability IMMUTABLE >/dev/null
    fi
  done
  say "logging in to $host: aws ecr get-login-password --region $region | $CLI login --username AWS --password-stdin $host"
  aws ecr get-login-password --region "$region" | "$CLI" login --username AWS --password-stdin "$host"
else
  say "$host is not an ECR registry: using the login $CLI already has"
fi

# 4. tag and push
for s in "${SERVICES[@]}"; do
  local_image=localhost/orderpipeline/$s:$version
  remote=$REGISTRY/$s:$TAG
  if [[ -n ${region:-} ]]; then
    exists=(aws ecr describe-images --region "$region" --repository-name "${path:+$path/}$s" --image-ids "imageTag=$TAG")
  else
    exists=("$CLI" manifest inspect "$remote")
  fi
  if "${exists[@]}" >/dev/null 2>&1; then
    say "$remote is already in the registry: not pushed again"
    continue
  fi
  say "pushing $remote"
  "$CLI" tag "$local_image" "$remote"
  "$CLI" push "$remote"
done

cat <<DONE

Pushed. Point the deploy at these images:
  kustomize (your overlay, docs/deploy.md):
    images:
$(for s in "${SERVICES[@]}"; do printf '      - name: ghcr.io/order-pipeline/%s\n        newName: %s/%s\n        newTag: "%s"\n' "$s" "$REGISTRY" "$s" "$TAG"; done)
  Helm:
    --set image.registry=$REGISTRY --set image.tag=$TAG
DONE
