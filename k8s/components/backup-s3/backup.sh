#!/usr/bin/env bash
# MongoDB backup to S3, in two steps that run in two containers of one pod (the mongo image has
# mongodump but no AWS CLI, the AWS CLI image has no mongodump); they share BACKUP_DIR.
#
#   backup.sh dump     mongodump of the whole replica set (with the oplog, a consistent point in
#                      time) into $BACKUP_DIR/mongodb-<UTC timestamp>.archive.gz
#   backup.sh upload   copies that archive to s3://$S3_BUCKET/$S3_PREFIX/ and checks its size there
#
# Environment: MONGODB_URI (dump), S3_BUCKET, S3_PREFIX (upload), BACKUP_DIR (default /backup).
# AWS credentials come from the pod's identity (IRSA), never from this script.
set -euo pipefail
dir=${BACKUP_DIR:-/backup}

case ${1:-} in
  dump)
    : "${MONGODB_URI:?MONGODB_URI is not set}"
    stamp=$(date -u +%Y%m%dT%H%M%SZ)
    archive="$dir/mongodb-$stamp.archive.gz"
    echo "backup: mongodump --oplog into $archive"
    mongodump --uri="$MONGODB_URI" --oplog --gzip --archive="$archive"
    echo "$archive" >"$dir/archive-name"
    echo "backup: dump done, $(wc -c <"$archive") bytes"
    ;;
  upload)
    : "${S3_BUCKET:?S3_BUCKET is not set}"
    archive=$(cat "$dir/archive-name")
    key="${S3_PREFIX:+${S3_PREFIX%/}/}$(basename "$archive")"
    size=$(wc -c <"$archive" | tr -d ' ')
    echo "backup: uploading $archive to s3://$S3_BUCKET/$key"
    aws s3 cp --only-show-errors "$archive" "s3://$S3_BUCKET/$key"
    stored=$(aws s3api head-object --bucket "$S3_BUCKET" --key "$key" --query ContentLength --output text)
    if [ "$stored" != "$size" ]; then
      echo "backup: FAILED: s3://$S3_BUCKET/$key has $stored bytes, the archive $size" >&2
      exit 1
    fi
    echo "backup: s3://$S3_BUCKET/$key stored ($stored bytes)"
    ;;
  *)
    echo "usage: backup.sh dump|upload" >&2
    exit 2
    ;;
esac
