#!/usr/bin/env bash
# Sets up a container engine for Testcontainers on a machine without Docker and without a
# reachable container registry, and builds the local images the tests use:
#
#   localhost/orderpipeline/debian:bookworm   debootstrap --variant=minbase, podman import
#   localhost/orderpipeline/jre:25            + a jlinked Java 25 runtime from the host's JDK 25
#   localhost/orderpipeline/kafka:<version>   + Apache Kafka jars from Maven Central, apache/kafka
#                                             compatible entry point (/etc/kafka/docker/run)
#
# If an engine already answers at $DOCKER_HOST or /var/run/docker.sock it is used as is and only
# missing images are built. Otherwise podman is installed (apt), configured for this sandbox
# (runc, explicit ulimits) and `podman system service` is started in the background on
# /run/podman/podman.sock. Idempotent: a second run checks everything and rebuilds nothing
# unless an image is missing or its inputs changed (label dev.orderpipeline.inputs).
#
# Writes .container-build/env.sh (source it: DOCKER_HOST, TESTCONTAINERS_RYUK_DISABLED, image
# names) and ends with a smoke check: the Kafka image must reach "Transitioning from RECOVERY to
# RUNNING" and create a topic. See docs/containers.md.
#
# Needs: Debian 12 (or another Debian) as root, a JDK 25 ($JAVA_HOME or /usr/lib/jvm/*25*),
# access to the Debian apt mirror and to Maven Central.
# Environment knobs: DEBIAN_MIRROR, DEBIAN_SECURITY_MIRROR, JAVA_HOME, SKIP_SMOKE=1,
# FORCE_REBUILD=1 (rebuild the three images), CONTAINER_BUILD_DIR (cache, default .container-build).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${CONTAINER_BUILD_DIR:-$ROOT/.container-build}
PODMAN_SOCKET=/run/podman/podman.sock
PODMAN_SERVICE_LOG=/var/log/podman-system-service.log
PODMAN_SERVICE_PIDFILE=/run/podman/orderpipeline-podman-service.pid
PODMAN_CONF=/etc/containers/containers.conf.d/50-orderpipeline.conf
PODMAN_PACKAGES=(podman runc catatonit fuse-overlayfs slirp4netns uidmap debootstrap netavark
  aardvark-dns iptables curl ca-certificates)
IMAGE_NS=localhost/orderpipeline
DEBIAN_SUITE=bookworm
DEBIAN_IMAGE=$IMAGE_NS/debian:$DEBIAN_SUITE
JRE_IMAGE=$IMAGE_NS/jre:25
INPUTS_LABEL=dev.orderpipeline.inputs
# java.se + what Spring Boot 4, the Kafka client/broker and the MongoDB driver use beyond it
JRE_MODULES=java.se,jdk.unsupported,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.management,jdk.management.agent,jdk.management.jfr,jdk.jfr,jdk.naming.dns,jdk.zipfs,jdk.security.auth,jdk.security.jgss,jdk.charsets,jdk.net,jdk.jcmd
JLINK_OPTS=(--strip-debug --no-man-pages --no-header-files --compress=zip-6 --generate-cds-archive)

STEP=0 STEP_START=0
step_done() { ((STEP == 0)) || printf '    (step %d: %d s)\n' "$STEP" $((SECONDS - STEP_START)); }
step() { step_done; STEP=$((STEP + 1)) STEP_START=$SECONDS; printf '\n==> [%d] %s\n' "$STEP" "$*"; }
info() { printf '    %s\n' "$*"; }
warn() { printf '    WARNING: %s\n' "$*" >&2; }
die() { printf '\nERROR: %s\n' "$*" >&2; exit 1; }
sha() { sha256sum | cut -c1-16; }

[[ $(id -u) == 0 ]] || die "run as root (it installs packages, writes /etc/containers and runs podman rootful)"
mkdir -p "$CACHE"

# ---------------------------------------------------------------------------------------------
# engine

# answers URL -> true if a Docker API answers /_ping there (unix:// or tcp://)
answers() {
  local url=$1
  case $url in
    unix://*) [[ -S ${url#unix://} ]] && curl -fsS --max-time 3 --unix-socket "${url#unix://}" http://d/_ping >/dev/null 2>&1 ;;
    tcp://*) curl -fsS --max-time 3 "http://${url#tcp://}/_ping" >/dev/null 2>&1 ;;
    *) return 1 ;;
  esac
}

# engine_name URL -> "Podman Engine", "Docker Engine" or "" (from GET /version)
engine_name() {
  local url=$1 json
  case $url in
    unix://*) json=$(curl -fsS --max-time 3 --unix-socket "${url#unix://}" http://d/version 2>/dev/null) || true ;;
    tcp://*) json=$(curl -fsS --max-time 3 "http://${url#tcp://}/version" 2>/dev/null) || true ;;
  esac
  if [[ $json == *'"Podman Engine"'* ]]; then echo "Podman Engine"
  elif [[ -n $json ]]; then echo "Docker Engine"
  fi
}

ENGINE_URL='' ENGINE_KIND='' CLI=() PULL_NEVER=()
detect_existing_engine() {
  local candidates=() url
  if [[ -n ${DOCKER_HOST:-} && $DOCKER_HOST != "unix://$PODMAN_SOCKET" ]]; then
    candidates+=("$DOCKER_HOST")
  fi
  candidates+=(unix:///var/run/docker.sock)
  for url in "${candidates[@]}"; do
    if answers "$url"; then
      ENGINE_URL=$url
      ENGINE_KIND=$(engine_name "$url")
      return 0
    elif [[ $url == "${DOCKER_HOST:-}" ]]; then
      warn "DOCKER_HOST=$DOCKER_HOST does not answer; ignoring it"
    fi
  done
  return 1
}

install_podman() {
  local missing=() p
  for p in "${PODMAN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$p")
  done
  if ((${#missing[@]} == 0)); then
    info "installed already: ${PODMAN_PACKAGES[*]} ($(podman --version))"
    return
  fi
  info "installing: ${missing[*]}"
  local log=$CACHE/apt.log
  : >"$log"
  { apt_get update -q && apt_get install -y -q --no-install-recommends "${PODMAN_PACKAGES[@]}"; } \
    || { tail -20 "$log" >&2; die "apt-get failed (log: $log)"; }
  info "installed ($(podman --version)); apt log: $log"
}

# apt-get that waits (up to 10 min) while another apt/dpkg holds its locks: the machine is shared
apt_get() {
  local log=${APT_LOG:-$CACHE/apt.log} i
  for i in $(seq 1 120); do
    if DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=60 "$@" >>"$log" 2>&1; then return 0; fi
    grep -q 'Could not get lock' <(tail -5 "$log") || return 1
    ((i > 1)) || info "another apt-get/dpkg holds the lock; waiting"
    sleep 5
  done
  return 1
}

CONFIG_CHANGED=false
configure_podman() {
  local nofile wanted
  nofile=$(ulimit -Hn)
  [[ $nofile == unlimited ]] && nofile=1048576
  wanted=$(cat <<EOF
# Written by scripts/setup-container-engine.sh (order pipeline). See docs/containers.md.
[containers]
# The sandbox may not raise RLIMIT_NOFILE above its own hard limit: podman's default (1048576)
# fails with "setrlimit RLIMIT_NOFILE: Operation not permitted".
default_ulimits = ["nofile=$nofile:$nofile", "nproc=32768:32768"]

[engine]
# crun fails here with "cgroups in hybrid mode not supported"; runc works.
runtime = "runc"

[network]
# netavark (not the leftover CNI config of the Debian package)
network_backend = "netavark"
EOF
)
  mkdir -p "$(dirname "$PODMAN_CONF")"
  if [[ -f $PODMAN_CONF && $(cat "$PODMAN_CONF") == "$wanted" ]]; then
    info "$PODMAN_CONF is up to date"
  else
    printf '%s\n' "$wanted" >"$PODMAN_CONF"
    CONFIG_CHANGED=true
    info "wrote $PODMAN_CONF (runtime=runc, nofile=$nofile, nproc=32768)"
  fi
  local got
  got=$(podman info --format '{{.Host.OCIRuntime.Name}} {{.Store.GraphDriverName}} {{.Host.NetworkBackend}} {{.Host.CgroupManager}}' 2>/dev/null) \
    || die "podman info fails: $(podman info 2>&1 | tail -3)"
  info "podman: runtime/storage/network/cgroups = $got"
  [[ $got == runc\ * ]] || die "podman does not use runc; check $PODMAN_CONF"
}

service_pid() {
  local pid
  [[ -f $PODMAN_SERVICE_PIDFILE ]] || return 1
  pid=$(cat "$PODMAN_SERVICE_PIDFILE")
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 1
  [[ $(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) == *"system service"* ]] && echo "$pid"
}

service_dirs_exist() { # the service's working directory and the PWD it hands to conmon
  local pwd
  [[ $(readlink "/proc/$1/cwd") != *"(deleted)" ]] || return 1
  pwd=$(tr '\0' '\n' <"/proc/$1/environ" 2>/dev/null | sed -n 's/^PWD=//p')
  [[ -z $pwd || -d $pwd ]]
}

start_podman_service() {
  local url=unix://$PODMAN_SOCKET pid
  if answers "$url"; then
    if pid=$(service_pid) && { $CONFIG_CHANGED || ! service_dirs_exist "$pid"; }; then
      # A service started from a checkout that was deleted since answers /_ping but cannot start
      # containers ("conmon: Failed to get working directory"): restart it too.
      info "restarting the podman service (pid $pid): configuration changed or its working directory is gone"
      kill "$pid"
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    else
      info "podman service already answers at $url"
      return
    fi
  fi
  mkdir -p /run/podman
  if pid=$(service_pid); then
    info "podman service process $pid is running but does not answer yet; waiting"
  else
    rm -f "$PODMAN_SOCKET"
    # setsid: own session, so it outlives this script and the shell that ran it
    # from / : its working directory must outlive the checkout that started it
    (cd / && exec setsid podman system service --time=0 "$url" >>"$PODMAN_SERVICE_LOG" 2>&1 </dev/null) &
    echo $! >"$PODMAN_SERVICE_PIDFILE"
    info "started: podman system service --time=0 $url (pid $!, log $PODMAN_SERVICE_LOG)"
  fi
  for _ in $(seq 1 100); do
    answers "$url" && { info "socket answers /_ping"; return; }
    sleep 0.2
  done
  tail -20 "$PODMAN_SERVICE_LOG" >&2 || true
  die "podman service does not answer at $url after 20 s (log: $PODMAN_SERVICE_LOG)"
}

# ---------------------------------------------------------------------------------------------
# images

image_exists() { "${CLI[@]}" image inspect "$1" >/dev/null 2>&1; }
image_id() { "${CLI[@]}" image inspect --format '{{.Id}}' "$1" 2>/dev/null | sed 's/^sha256://' | cut -c1-16; }
image_inputs() { "${CLI[@]}" image inspect --format "{{ index .Config.Labels \"$INPUTS_LABEL\" }}" "$1" 2>/dev/null || true; }

# up_to_date IMAGE INPUTS -> true if IMAGE exists with label INPUTS (and no FORCE_REBUILD)
up_to_date() {
  local image=$1 inputs=$2 have
  [[ ${FORCE_REBUILD:-} == 1 ]] && { info "FORCE_REBUILD=1: rebuilding $image"; return 1; }
  image_exists "$image" || { info "$image is missing: building it"; return 1; }
  have=$(image_inputs "$image")
  if [[ $have != "$inputs" ]]; then
    info "$image exists but its inputs changed ($have -> $inputs): rebuilding it"
    return 1
  fi
  info "$image is present and up to date ($INPUTS_LABEL=$inputs)"
}

# images replaced by a rebuild: removed at the end if nothing else uses them
REPLACED=()
remember_replaced() {
  local id
  id=$("${CLI[@]}" image inspect --format '{{.Id}}' "$1" 2>/dev/null) && REPLACED+=("$id")
  return 0
}
remove_replaced() {
  local i id
  for ((i = ${#REPLACED[@]} - 1; i >= 0; i--)); do # children first
    id=${REPLACED[i]}
    [[ -z $("${CLI[@]}" image inspect --format '{{join .RepoTags ","}}' "$id" 2>/dev/null) ]] || continue
    if "${CLI[@]}" rmi "$id" >/dev/null 2>&1; then info "removed the replaced image ${id#sha256:}"; fi
  done
}

build() { # build TAG CONTAINERFILE CONTEXT INPUTS [more build args...]
  local tag=$1 file=$2 context=$3 inputs=$4
  shift 4
  remember_replaced "$tag"
  local log
  log=$CACHE/build-$(basename "${tag%%:*}").log
  if ! "${CLI[@]}" build "${PULL_NEVER[@]}" -f "$file" -t "$tag" --label "$INPUTS_LABEL=$inputs" "$@" "$context" >"$log" 2>&1; then
    tail -30 "$log" >&2
    die "building $tag failed (log: $log)"
  fi
  info "built $tag (log: $log)"
}

# prints "<uri> <suite>" for every enabled deb source of apt (one-line and deb822 formats)
apt_sources() {
  local files=()
  [[ -f /etc/apt/sources.list ]] && files+=(/etc/apt/sources.list)
  for f in /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [[ -f $f ]] && files+=("$f")
  done
  ((${#files[@]})) || return 0
  awk '
    function flush(   n, m, i, j, u, s) {
      if (types ~ /(^| )deb( |$)/ && enabled != "no") {
        n = split(uris, u, " "); m = split(suites, s, " ")
        for (i = 1; i <= n; i++) for (j = 1; j <= m; j++) print u[i], s[j]
      }
      types = uris = suites = enabled = ""
    }
    FNR == 1 { if (deb822) flush(); deb822 = (FILENAME ~ /\.sources$/) }
    deb822 {
      if ($0 ~ /^[ \t]*$/) { flush(); next }
      if ($0 ~ /^#/) next
      key = tolower($1); sub(/:$/, "", key); val = $0; sub(/^[^:]*:[ \t]*/, "", val)
      if (key == "types") types = val
      else if (key == "uris") uris = val
      else if (key == "suites") suites = val
      else if (key == "enabled") enabled = tolower(val)
      next
    }
    $1 == "deb" {
      i = 2
      if ($i ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
      print $i, $(i + 1)
    }
    END { if (deb822) flush() }
  ' "${files[@]}"
}

DEBIAN_MIRROR=${DEBIAN_MIRROR:-}
DEBIAN_SECURITY_MIRROR=${DEBIAN_SECURITY_MIRROR:-}
find_mirrors() {
  local sources=() uri suite
  if [[ -z $DEBIAN_MIRROR || -z $DEBIAN_SECURITY_MIRROR ]] && grep -qx 'ID=debian' /etc/os-release 2>/dev/null; then
    mapfile -t sources < <(apt_sources | grep -E '^(https?|ftp)://')
    for line in "${sources[@]}"; do
      read -r uri suite <<<"$line"
      if [[ -z $DEBIAN_SECURITY_MIRROR && $suite == *-security ]]; then
        DEBIAN_SECURITY_MIRROR=${uri%/}
      elif [[ -z $DEBIAN_MIRROR && $suite =~ ^[a-z]+$ ]]; then
        DEBIAN_MIRROR=${uri%/} # the archive of the host's release serves bookworm as well
      fi
    done
  fi
  if [[ -z $DEBIAN_MIRROR ]]; then
    DEBIAN_MIRROR=http://deb.debian.org/debian
    info "no Debian mirror found in apt's sources: using $DEBIAN_MIRROR"
  fi
  DEBIAN_SECURITY_MIRROR=${DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
}

build_debian_image() {
  find_mirrors
  local inputs dir=$CACHE/debian tar
  inputs=$(printf '%s\n' "$DEBIAN_SUITE" minbase slim unsafe-io "$DEBIAN_MIRROR" "$DEBIAN_SECURITY_MIRROR" "$(uname -m)" | sha)
  info "mirror $DEBIAN_MIRROR, security $DEBIAN_SECURITY_MIRROR (from apt's sources)"
  up_to_date "$DEBIAN_IMAGE" "$inputs" && return 0
  tar=$dir/rootfs-$inputs.tar
  mkdir -p "$dir"
  if [[ -s $tar ]]; then
    info "reusing $tar"
  else
    command -v debootstrap >/dev/null || die "debootstrap is missing: apt-get install debootstrap"
    local rootfs=$dir/rootfs t0=$SECONDS
    clean_rootfs "$rootfs"
    # dpkg settings in place before debootstrap, so they apply to its own package installs too:
    # like the official -slim images no docs, man pages or translations (copyright files stay),
    # and like the official images no fsync per file (an image layer is committed as a whole)
    mkdir -p "$rootfs/etc/dpkg/dpkg.cfg.d"
    cat >"$rootfs/etc/dpkg/dpkg.cfg.d/orderpipeline-slim" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/locale/*
EOF
    echo force-unsafe-io >"$rootfs/etc/dpkg/dpkg.cfg.d/orderpipeline-unsafe-io"
    info "debootstrap --variant=minbase $DEBIAN_SUITE $rootfs $DEBIAN_MIRROR (log: $dir/debootstrap.log)"
    debootstrap --variant=minbase "$DEBIAN_SUITE" "$rootfs" "$DEBIAN_MIRROR" >"$dir/debootstrap.log" 2>&1 \
      || { clean_rootfs "$rootfs"; tail -20 "$dir/debootstrap.log" >&2; die "debootstrap failed (log: $dir/debootstrap.log)"; }
    cat >"$rootfs/etc/apt/sources.list" <<EOF
deb $DEBIAN_MIRROR $DEBIAN_SUITE main
deb $DEBIAN_MIRROR $DEBIAN_SUITE-updates main
deb $DEBIAN_SECURITY_MIRROR $DEBIAN_SUITE-security main
EOF
    # what debootstrap's first stage extracted without dpkg, then caches and host identity
    find "$rootfs/usr/share/doc" -mindepth 1 ! -type d ! -name copyright -delete
    find "$rootfs/usr/share/doc" -mindepth 1 -type d -empty -delete
    rm -rf "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/usr/share/locale/* \
      "$rootfs"/usr/share/groff/* "$rootfs"/usr/share/lintian/*
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/lib/apt/lists/* \
      "$rootfs"/var/log/*.log "$rootfs"/var/log/apt/* "$rootfs"/tmp/* "$rootfs"/etc/hostname "$rootfs"/etc/machine-id
    : >"$rootfs/etc/resolv.conf"
    tar --numeric-owner -C "$rootfs" -cf "$tar.part" . && mv "$tar.part" "$tar"
    rm -f "$dir"/rootfs-*.tar.part
    find "$dir" -maxdepth 1 -name 'rootfs-*.tar' ! -name "$(basename "$tar")" -delete
    clean_rootfs "$rootfs"
    info "root filesystem: $(du -h "$tar" | cut -f1) in $((SECONDS - t0)) s"
  fi
  remember_replaced "$DEBIAN_IMAGE"
  "${CLI[@]}" import \
    --change 'CMD ["/bin/bash"]' \
    --change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    --change "LABEL $INPUTS_LABEL=$inputs" \
    "$tar" "$DEBIAN_IMAGE" >"$dir/import.log" 2>&1 || { cat "$dir/import.log" >&2; die "import of $tar failed"; }
  info "imported $DEBIAN_IMAGE"
}

clean_rootfs() { # unmount whatever debootstrap may have left mounted, then delete
  local rootfs=$1 m
  [[ -e $rootfs ]] || return 0
  while read -r m; do umount -l "$m" 2>/dev/null || true; done < <(awk -v r="$rootfs/" 'index($2, r) == 1 {print $2}' /proc/mounts | sort -r)
  rm -rf --one-file-system "$rootfs"
}

JDK25=
find_jdk25() {
  local c
  for c in "${JAVA_HOME:-}" /usr/lib/jvm/*25*; do
    [[ -n $c && -x $c/bin/jlink && -f $c/release ]] || continue
    if grep -q '^JAVA_VERSION="25' "$c/release"; then JDK25=$c; return 0; fi
  done
  cat >&2 <<EOF

ERROR: no JDK 25 with jlink found. Looked at:
  JAVA_HOME=${JAVA_HOME:-<unset>}
  /usr/lib/jvm/*25*: $(find /usr/lib/jvm -maxdepth 1 -name '*25*' 2>/dev/null | tr '\n' ' ' | grep . || echo none)
  (a usable one has bin/jlink and JAVA_VERSION="25..." in its release file)
Install a JDK 25 (e.g. Temurin 25 from https://adoptium.net, package temurin-25-jdk) and/or set
JAVA_HOME to it. The JRE image is made with its jlink; the Kafka jars are fetched with ./mvnw.
EOF
  exit 1
}

build_jre_image() {
  local inputs dir=$CACHE/jre release_version
  release_version=$(grep '^JAVA_RUNTIME_VERSION=' "$JDK25/release" | cut -d'"' -f2)
  inputs=$( { echo "$release_version $JRE_MODULES ${JLINK_OPTS[*]}"; image_id "$DEBIAN_IMAGE"; cat "$ROOT/images/jre/Containerfile"; } | sha)
  info "JDK: $JDK25 ($release_version)"
  up_to_date "$JRE_IMAGE" "$inputs" && return 0
  mkdir -p "$dir/context"
  if [[ -f $dir/context/jre.stamp && $(cat "$dir/context/jre.stamp") == "$release_version $JRE_MODULES ${JLINK_OPTS[*]}" ]]; then
    info "reusing the jlinked runtime in $dir/context/jre"
  else
    rm -rf "$dir/context/jre" "$dir/context/jre.stamp"
    info "jlink --add-modules $JRE_MODULES"
    "$JDK25/bin/jlink" --add-modules "$JRE_MODULES" "${JLINK_OPTS[@]}" --output "$dir/context/jre" >"$dir/jlink.log" 2>&1 \
      || { cat "$dir/jlink.log" >&2; die "jlink failed (does $JDK25 have jmods or a linkable runtime?)"; }
    echo "$release_version $JRE_MODULES ${JLINK_OPTS[*]}" >"$dir/context/jre.stamp"
    info "runtime: $(du -sh "$dir/context/jre" | cut -f1)"
  fi
  build "$JRE_IMAGE" "$ROOT/images/jre/Containerfile" "$dir/context" "$inputs" --build-arg "BASE_IMAGE=$DEBIAN_IMAGE"
}

KAFKA_VERSION='' KAFKA_TOOLS_VERSION='' KAFKA_IMAGE='' SLF4J_VERSION='' LOG4J2_VERSION=''
kafka_versions() {
  local dir=$CACHE/kafka key eff
  mkdir -p "$dir"
  key=$(cat "$ROOT/pom.xml" "$ROOT/images/kafka/pom.xml" | sha)
  if [[ -f $dir/versions-$key.env ]]; then
    # shellcheck disable=SC1090
    source "$dir/versions-$key.env"
    info "versions from the project's pom (cached): kafka $KAFKA_VERSION, kafka-tools $KAFKA_TOOLS_VERSION"
  else
    info "reading kafka.version, kafka-tools.version, slf4j.version, log4j2.version from the project's effective pom"
    eff=$dir/effective-pom.xml
    (cd "$ROOT" && JAVA_HOME=$JDK25 ./mvnw -B -q -N help:effective-pom -Doutput="$eff" >"$dir/mvn-effective-pom.log" 2>&1) \
      || { tail -20 "$dir/mvn-effective-pom.log" >&2; die "./mvnw help:effective-pom failed (log: $dir/mvn-effective-pom.log)"; }
    prop() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$eff" | head -1; }
    KAFKA_VERSION=$(prop kafka.version)
    [[ -n $KAFKA_VERSION ]] || die "no kafka.version in the effective pom of $ROOT/pom.xml"
    KAFKA_TOOLS_VERSION=$(prop kafka-tools.version)
    KAFKA_TOOLS_VERSION=${KAFKA_TOOLS_VERSION:-$KAFKA_VERSION}
    SLF4J_VERSION=$(prop slf4j.version)
    LOG4J2_VERSION=$(prop log4j2.version)
    rm -f "$dir"/versions-*.env
    printf 'KAFKA_VERSION=%s\nKAFKA_TOOLS_VERSION=%s\nSLF4J_VERSION=%s\nLOG4J2_VERSION=%s\n' \
      "$KAFKA_VERSION" "$KAFKA_TOOLS_VERSION" "$SLF4J_VERSION" "$LOG4J2_VERSION" >"$dir/versions-$key.env"
    info "kafka $KAFKA_VERSION, kafka-tools $KAFKA_TOOLS_VERSION, slf4j $SLF4J_VERSION, log4j2 $LOG4J2_VERSION"
  fi
  KAFKA_IMAGE=$IMAGE_NS/kafka:$KAFKA_VERSION
}

fetch_kafka_libs() { # the broker's jars into $CACHE/kafka/libs, unless there already
  local dir=$CACHE/kafka libs_key
  libs_key=$( { echo "$KAFKA_VERSION $KAFKA_TOOLS_VERSION $SLF4J_VERSION $LOG4J2_VERSION"; cat "$ROOT/images/kafka/pom.xml"; } | sha)
  if [[ -f $dir/libs.stamp && $(cat "$dir/libs.stamp") == "$libs_key" ]]; then
    info "reusing the Kafka jars in $dir/libs ($(find "$dir/libs" -name '*.jar' | wc -l) jars)"
    return
  fi
  info "fetching kafka_2.13:$KAFKA_VERSION + kafka-tools:$KAFKA_TOOLS_VERSION + log4j2 binding from Maven Central"
  rm -rf "$dir/libs" "$dir/libs.stamp"
  (cd "$ROOT" && JAVA_HOME=$JDK25 ./mvnw -B -q -f images/kafka/pom.xml \
      -Dkafka.version="$KAFKA_VERSION" -Dkafka-tools.version="$KAFKA_TOOLS_VERSION" \
      ${SLF4J_VERSION:+-Dslf4j.version="$SLF4J_VERSION"} ${LOG4J2_VERSION:+-Dlog4j2.version="$LOG4J2_VERSION"} \
      dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$dir/libs" >"$dir/mvn-libs.log" 2>&1) \
    || { tail -20 "$dir/mvn-libs.log" >&2; die "fetching the Kafka jars failed (log: $dir/mvn-libs.log)"; }
  [[ -f $dir/libs/kafka_2.13-$KAFKA_VERSION.jar ]] || die "kafka_2.13-$KAFKA_VERSION.jar missing in $dir/libs"
  echo "$libs_key" >"$dir/libs.stamp"
  info "$(find "$dir/libs" -name '*.jar' | wc -l) jars, $(du -sh "$dir/libs" | cut -f1)"
}

# Maven work (network bound) runs in the background while debootstrap and jlink run (disk/CPU)
PREFETCH_PID=''
PREFETCH_LOG=$CACHE/kafka/prefetch.log
start_kafka_prefetch() {
  mkdir -p "$CACHE/kafka"
  (
    kafka_versions
    if [[ ${FORCE_REBUILD:-} == 1 ]] || ! image_exists "$KAFKA_IMAGE"; then fetch_kafka_libs; fi
  ) >"$PREFETCH_LOG" 2>&1 &
  PREFETCH_PID=$!
  trap 'kill "$PREFETCH_PID" 2>/dev/null || true' EXIT
  info "meanwhile, in the background: the Kafka version from the pom, the Kafka jars if needed (log: $PREFETCH_LOG)"
}
finish_kafka_prefetch() {
  [[ -n $PREFETCH_PID ]] || return 0
  local ok=true
  wait "$PREFETCH_PID" || ok=false
  trap - EXIT
  PREFETCH_PID=''
  sed 's/^ */    [background] /' "$PREFETCH_LOG"
  $ok || die "the Kafka version/jar fetch failed (log: $PREFETCH_LOG)"
}

build_kafka_image() {
  local dir=$CACHE/kafka inputs
  inputs=$( { echo "$KAFKA_VERSION $KAFKA_TOOLS_VERSION $SLF4J_VERSION $LOG4J2_VERSION"; image_id "$JRE_IMAGE";
              cd "$ROOT/images/kafka" && find . -type f | LC_ALL=C sort | xargs sha256sum; } | sha)
  up_to_date "$KAFKA_IMAGE" "$inputs" && return 0
  fetch_kafka_libs
  rm -rf "$dir/context"
  mkdir -p "$dir/context"
  find "$ROOT/images/kafka" -mindepth 1 -maxdepth 1 ! -name pom.xml ! -name Containerfile -exec cp -a {} "$dir/context/" \;
  cp -al "$dir/libs" "$dir/context/libs" 2>/dev/null || cp -a "$dir/libs" "$dir/context/libs"
  build "$KAFKA_IMAGE" "$ROOT/images/kafka/Containerfile" "$dir/context" "$inputs" \
    --build-arg "BASE_IMAGE=$JRE_IMAGE" --build-arg "KAFKA_VERSION=$KAFKA_VERSION"
}

# ---------------------------------------------------------------------------------------------
# env file, smoke check, summary

write_env_file() {
  local f=$CACHE/env.sh
  {
    echo "# Written by scripts/setup-container-engine.sh on $(date -u +%FT%TZ). Source it: . $f"
    echo "export DOCKER_HOST=$ENGINE_URL"
    if [[ $ENGINE_KIND == "Podman Engine" ]]; then
      echo "# Ryuk (the reaper) needs its image from Docker Hub; none is reachable. Close containers yourself."
      echo "export TESTCONTAINERS_RYUK_DISABLED=true"
      echo "# Published ports answer on the loopback address; the default bridge's gateway, which"
      echo "# Testcontainers would pick, does not exist while only custom networks are in use."
      echo "export TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1"
    fi
    echo "# local images (apache/kafka compatible substitute, Java 25 runtime base)"
    echo "export ORDERPIPELINE_CONTAINER_ENGINE='$ENGINE_KIND'"
    echo "export ORDERPIPELINE_KAFKA_IMAGE=$KAFKA_IMAGE"
    echo "export ORDERPIPELINE_JRE_IMAGE=$JRE_IMAGE"
  } >"$f"
  sed 's/^/    /' "$f"
}

SMOKE_NAME=orderpipeline-kafka-smoke-$$
smoke_check() {
  if [[ ${SKIP_SMOKE:-} == 1 ]]; then info "SKIP_SMOKE=1: skipped"; return; fi
  trap '"${CLI[@]}" rm -f "$SMOKE_NAME" >/dev/null 2>&1 || true' EXIT
  local t0=$SECONDS logs=
  # the environment Testcontainers' KafkaContainer sets (listeners, KRaft, RF 1)
  "${CLI[@]}" run -d --name "$SMOKE_NAME" \
    -e CLUSTER_ID=4L6g3nShT-eMCtK--X86sw \
    -e KAFKA_NODE_ID=1 -e KAFKA_PROCESS_ROLES=broker,controller \
    -e KAFKA_LISTENERS=PLAINTEXT://0.0.0.0:9092,BROKER://0.0.0.0:9093,CONTROLLER://0.0.0.0:9094 \
    -e KAFKA_ADVERTISED_LISTENERS=PLAINTEXT://localhost:9092,BROKER://localhost:9093 \
    -e KAFKA_LISTENER_SECURITY_PROTOCOL_MAP=BROKER:PLAINTEXT,PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT \
    -e KAFKA_INTER_BROKER_LISTENER_NAME=BROKER -e KAFKA_CONTROLLER_LISTENER_NAMES=CONTROLLER \
    -e KAFKA_CONTROLLER_QUORUM_VOTERS=1@localhost:9094 \
    -e KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR=1 -e KAFKA_OFFSETS_TOPIC_NUM_PARTITIONS=1 \
    -e KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR=1 -e KAFKA_TRANSACTION_STATE_LOG_MIN_ISR=1 \
    -e KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS=0 \
    "$KAFKA_IMAGE" >/dev/null || die "could not start $KAFKA_IMAGE"
  info "started $SMOKE_NAME from $KAFKA_IMAGE; waiting for 'Transitioning from RECOVERY to RUNNING'"
  for _ in $(seq 1 120); do
    logs=$("${CLI[@]}" logs "$SMOKE_NAME" 2>&1 || true)
    [[ $logs == *"Transitioning from RECOVERY to RUNNING"* ]] && break
    [[ $("${CLI[@]}" inspect --format '{{.State.Running}}' "$SMOKE_NAME" 2>/dev/null) == true ]] || break
    sleep 0.5
  done
  if [[ $logs != *"Transitioning from RECOVERY to RUNNING"* ]]; then
    printf '%s\n' "$logs" | tail -30 >&2
    die "smoke check: the broker did not reach RUNNING"
  fi
  info "broker RUNNING after $((SECONDS - t0)) s"
  # one client round trip through the PLAINTEXT listener (a JVM start: a few seconds)
  "${CLI[@]}" exec "$SMOKE_NAME" kafka-topics.sh --bootstrap-server localhost:9092 --create --topic smoke \
    --partitions 1 --replication-factor 1 >/dev/null 2>&1 || die "smoke check: kafka-topics.sh --create failed"
  info "kafka-topics.sh created topic 'smoke'"
  "${CLI[@]}" rm -f "$SMOKE_NAME" >/dev/null
  trap - EXIT
  info "removed $SMOKE_NAME; smoke check passed in $((SECONDS - t0)) s"
}

summary() {
  printf '\n==> summary\n'
  local version
  version=$("${CLI[@]}" version --format '{{.Server.Version}}' 2>/dev/null || true)
  [[ -n $version ]] || version=$("${CLI[@]}" version --format '{{.Client.Version}}' 2>/dev/null || echo '?')
  info "engine:  $ENGINE_KIND $version"
  info "socket:  $ENGINE_URL"
  info "env:     . $CACHE/env.sh"
  while read -r l; do info "         $l"; done < <(grep '^export' "$CACHE/env.sh")
  info "images:"
  "${CLI[@]}" images --format '{{.Repository}}:{{.Tag}}  {{.Size}}' | grep "^$IMAGE_NS/" | sort | sed 's/^/             /'
  local leftovers
  leftovers=$("${CLI[@]}" ps -aq --filter label=org.testcontainers=true 2>/dev/null | wc -l)
  if ((leftovers > 0)); then
    info "note:    $leftovers Testcontainers container(s) exist (Ryuk is off, nothing reaps them); when no test runs:"
    info "         ${CLI[*]} rm -f \$(${CLI[*]} ps -aq --filter label=org.testcontainers=true)"
  fi
  info "elapsed: $SECONDS s"
}

# ---------------------------------------------------------------------------------------------

main() {
  step "prerequisites"
  find_jdk25 # fail now rather than after the engine and the Debian image
  info "JDK 25: $JDK25"
  if ! command -v curl >/dev/null; then # to ask sockets /_ping
    info "installing curl"
    APT_LOG=$CACHE/apt-curl.log
    { apt_get update -q && apt_get install -y -q --no-install-recommends curl ca-certificates; } \
      || die "apt-get install curl failed (log: $APT_LOG)"
    unset APT_LOG
  fi

  step "container engine"
  if detect_existing_engine; then
    info "a working engine already answers at $ENGINE_URL ($ENGINE_KIND): using it, only building missing images"
    if [[ $ENGINE_KIND == "Podman Engine" ]] && command -v podman >/dev/null; then
      CLI=(podman --url "$ENGINE_URL") PULL_NEVER=(--pull=never)
    elif command -v docker >/dev/null; then
      CLI=(docker -H "$ENGINE_URL") PULL_NEVER=(--pull=false)
    else
      die "no docker (or podman) client to talk to $ENGINE_URL"
    fi
    if ! command -v debootstrap >/dev/null; then
      info "installing debootstrap"
      { apt_get update -q && apt_get install -y -q --no-install-recommends debootstrap; } || die "apt-get install debootstrap failed (log: $CACHE/apt.log)"
    fi
  else
    info "no engine answers at ${DOCKER_HOST:-\$DOCKER_HOST (unset)} or /var/run/docker.sock: setting up podman"
    step "podman packages"
    install_podman
    step "podman configuration"
    configure_podman
    step "podman API service"
    start_podman_service
    ENGINE_URL=unix://$PODMAN_SOCKET ENGINE_KIND="Podman Engine"
    CLI=(podman) PULL_NEVER=(--pull=never)
  fi

  step "image $DEBIAN_IMAGE"
  start_kafka_prefetch
  build_debian_image
  step "image $JRE_IMAGE"
  build_jre_image
  step "image $IMAGE_NS/kafka"
  finish_kafka_prefetch
  kafka_versions >/dev/null # cached by the background job: sets the variables here
  build_kafka_image
  remove_replaced
  step "environment file"
  write_env_file
  step "smoke check: $KAFKA_IMAGE"
  smoke_check
  step_done
  summary
}

main "$@"
