#!/usr/bin/env bash
# Builds the four service images from the current code and pushes them to a registry, ready for
# the deploy to point at (docs/deploy.md, "Images"):
#
#   <registry>/storefront-api:<tag>  <registry>/order-processor:<tag>  <registry>/inventory-worker:<tag>
#   <registry>/ops-api:<tag>
#
# Usage: scripts/push-service-images.sh --registry REGISTRY [--tag TAG] [--platform linux/amd64]
#                                       [--base-image IMAGE] [--no-build]
#   --registry    where to push, e.g. 111122223333.dkr.ecr.eu-west-1.amazonaws.com/order-pipeline
#                 (or $IMAGE_REGISTRY). An Amazon ECR registry: the script creates the four
#                 repositories if missing (scan on push, immutable tags) and logs in with
#                 `aws ecr get-login-password`; any other registry: log in yourself first.
#   --tag         image tag (or $IMAGE_TAG; default: the project's version without -SNAPSHOT and
#                 the commit, e.g. 0.1.0-1a2b3c4). Tags are never "latest".
#   --platform    platform of the nodes (default linux/amd64, e.g. EKS on m6i; linux/arm64 for Graviton)
#   --base-image  Java 25 runtime (default eclipse-temurin:25-jre, pulled from Docker Hub)
#   --no-build    use the jars as they are (default: ./mvnw -DskipTests package first, which
#                 rebuilds what changed since the last build)
#
# A tag is pushed once. Before pushing anything, each tag already in the registry is compared
# with the image just built (the image's config digest, which is its local id): the same image is
# left as it is; another image under that tag is refused, for every service, before anything is
# pushed (the tags are immutable, and a deploy that keeps its tag would roll no pod: push under a
# new tag). After pushing, the registry's image under each tag must be the one built. Prints each
# image's digest, the kustomize `images:` block and the Helm values. Engine: podman if installed,
# else docker (CONTAINER_CLI=docker|podman to choose). Idempotent. Runs on bash 3.2 (macOS's) and newer.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SERVICES=(storefront-api order-processor inventory-worker ops-api)
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }
say() { printf '==> %s\n' "$*"; }
usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit "${1:-0}"; }

REGISTRY=${IMAGE_REGISTRY:-} TAG=${IMAGE_TAG:-} PLATFORM=linux/amd64 BASE_IMAGE=eclipse-temurin:25-jre BUILD=1
while (($#)); do
  case $1 in
    --registry) REGISTRY=${2:?--registry needs a value}; shift 2 ;;
    --tag) TAG=${2:?--tag needs a value}; shift 2 ;;
    --platform) PLATFORM=${2:?--platform needs a value}; shift 2 ;;
    --base-image) BASE_IMAGE=${2:?--base-image needs a value}; shift 2 ;;
    --no-build) BUILD=0; shift ;;
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

# 1. the jars, from the current code
modules=$(IFS=,; echo "${SERVICES[*]}")
if ((BUILD)); then
  say "building the jars: ./mvnw -B -q -DskipTests package -pl $modules -am (rebuilds what changed)"
  (cd "$ROOT" && ./mvnw -B -q -DskipTests package -pl "$modules" -am)
fi
for s in "${SERVICES[@]}"; do
  compgen -G "$ROOT/$s/target/$s-*-exec.jar" >/dev/null || die "no $s/target/$s-<version>-exec.jar (run without --no-build)"
done
jar=$(compgen -G "$ROOT/storefront-api/target/storefront-api-*-exec.jar" | head -n 1)
version=${jar##*/storefront-api-}
version=${version%-exec.jar}
if [[ -z $TAG ]]; then
  commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || true)
  TAG=${version%-SNAPSHOT}${commit:+-$commit}
  if [[ -n $commit ]] && [[ -n $(git -C "$ROOT" status --porcelain -- "${SERVICES[@]}" pipeline-events pipeline-runtime 2>/dev/null) ]]; then
    say "WARNING: uncommitted changes: the images hold them, but the tag $TAG names commit $commit"
  fi
fi

# 2. the images, built for the nodes' platform under a local name
say "building the images for $PLATFORM on $BASE_IMAGE (scripts/build-service-images.sh)"
"$ROOT/scripts/build-service-images.sh" --platform "$PLATFORM" --base-image "$BASE_IMAGE" --prefix localhost/orderpipeline \
  "${SERVICES[@]}"

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

sha() { grep -o 'sha256:[0-9a-f]\{64\}' | head -n 1; }
# the local image's id (= its config digest), as sha256:<hex>
local_id() {
  local id
  id=$("$CLI" image inspect --format '{{.Id}}' "$1")
  [[ $id == sha256:* ]] || id=sha256:$id
  echo "$id"
}
# the manifest the registry holds under a tag, or nothing
remote_manifest() { # service remote
  if [[ -n $region ]]; then
    aws ecr batch-get-image --region "$region" --repository-name "${path:+$path/}$1" --image-ids "imageTag=$TAG" \
      --query 'images[0].imageManifest' --output text 2>/dev/null | grep -v '^None$' || true
  else
    "$CLI" manifest inspect "$2" 2>/dev/null || true
  fi
}
# the digest of the manifest ECR holds under a tag, or nothing (other registries: unknown here)
remote_digest() { # service
  [[ -n $region ]] || return 0
  aws ecr describe-images --region "$region" --repository-name "${path:+$path/}$1" --image-ids "imageTag=$TAG" \
    --query 'imageDetails[0].imageDigest' --output text 2>/dev/null | sha || true
}
# is this manifest (with that digest) the local image? config digest = local id, or (Docker's
# containerd image store) the manifest's own digest = local id
is_image() { # manifest digest id
  local config
  config=$(printf '%s' "$1" | tr -d ' \n\t' | grep -o '"config":{[^}]*}' | sha || true)
  [[ -n $3 && ( $config == "$3" || $2 == "$3" ) ]]
}

# 4. what is already in the registry: the same images are kept, another image under a tag refused
ID=() DIGEST=() TODO=() conflicts=()
for i in "${!SERVICES[@]}"; do
  s=${SERVICES[i]}
  remote=$REGISTRY/$s:$TAG
  ID[i]=$(local_id "localhost/orderpipeline/$s:$version")
  DIGEST[i]='' TODO[i]=''
  manifest=$(remote_manifest "$s" "$remote")
  if [[ -z $manifest ]]; then
    TODO[i]=1
    continue
  fi
  digest=$(remote_digest "$s")
  if is_image "$manifest" "$digest" "${ID[i]}"; then
    say "$remote is already in the registry, the same image (${ID[i]}): not pushed again"
    DIGEST[i]=$digest
  else
    conflicts+=("$remote holds another image than the one built (${ID[i]})")
  fi
done
if ((${#conflicts[@]})); then
  printf 'ERROR: %s\n' "${conflicts[@]}" >&2
  die "nothing pushed: a tag is pushed once (the tags are immutable, and a deploy that keeps its tag rolls no pod); commit and push under a new --tag"
fi

# 5. push, then check that the registry holds what was pushed
pushed=0
for i in "${!SERVICES[@]}"; do
  [[ -n ${TODO[i]} ]] || continue
  s=${SERVICES[i]}
  remote=$REGISTRY/$s:$TAG
  say "pushing $remote"
  "$CLI" tag "localhost/orderpipeline/$s:$version" "$remote"
  if [[ $CLI == podman ]]; then
    digestfile=$(mktemp)
    podman push --digestfile "$digestfile" "$remote"
    pushed_digest=$(sha <"$digestfile" || true)
    rm -f "$digestfile"
  else
    pushed_digest=$(docker push "$remote" | tee /dev/stderr | grep -o 'digest: sha256:[0-9a-f]\{64\}' | sha || true)
  fi
  manifest=$(remote_manifest "$s" "$remote")
  digest=$(remote_digest "$s")
  [[ -n $region ]] || digest=$pushed_digest
  if [[ -z $manifest ]] || ! is_image "$manifest" "$digest" "${ID[i]}" || [[ -n $region && $digest != "$pushed_digest" ]]; then
    die "$remote: the registry does not hold the image just pushed (pushed ${pushed_digest:-?} of ${ID[i]}, the registry has ${digest:-nothing})"
  fi
  DIGEST[i]=$digest
  pushed=$((pushed + 1))
done

cat <<DONE

Pushed $pushed of ${#SERVICES[@]} images under tag $TAG ($((${#SERVICES[@]} - pushed)) already in the registry), checked by digest:
$(for i in "${!SERVICES[@]}"; do printf '  %s/%s:%s@%s\n' "$REGISTRY" "${SERVICES[i]}" "$TAG" "${DIGEST[i]:-?}"; done)
Point the deploy at them:
  kustomize (your overlay, docs/deploy.md):
    images:
$(for s in "${SERVICES[@]}"; do printf '      - name: ghcr.io/order-pipeline/%s\n        newName: %s/%s\n        newTag: "%s"\n' "$s" "$REGISTRY" "$s" "$TAG"; done)
  Helm:
    --set image.registry=$REGISTRY --set image.tag=$TAG
DONE
