#!/usr/bin/env bash
# MongoDB restore from S3, the reverse of backup.sh, in two containers of one Job's pod:
#
#   restore.sh download   fetches s3://$S3_BUCKET/$S3_PREFIX/$BACKUP_KEY into $BACKUP_DIR; with
#                         BACKUP_KEY=latest (or empty) the newest mongodb-*.archive.gz of the prefix
#   restore.sh restore    mongorestore --drop --oplogReplay of that archive: every collection in
#                         the archive is replaced by its backed-up content
#
# Environment: S3_BUCKET, S3_PREFIX, BACKUP_KEY (download), MONGODB_URI (restore), BACKUP_DIR
# (default /backup).
set -euo pipefail
dir=${BACKUP_DIR:-/backup}

case ${1:-} in
  download)
    : "${S3_BUCKET:?S3_BUCKET is not set}"
    prefix="${S3_PREFIX:+${S3_PREFIX%/}/}"
    key=${BACKUP_KEY:-latest}
    if [ "$key" = latest ]; then
      # keys carry a UTC timestamp, so the greatest key is the newest backup
      key=$(aws s3api list-objects-v2 --bucket "$S3_BUCKET" --prefix "${prefix}mongodb-" \
        --query 'Contents[].Key' --output text | tr '\t' '\n' | grep '\.archive\.gz$' | sort | tail -n 1 || true)
      if [ -z "$key" ] || [ "$key" = None ]; then
        echo "restore: no backup under s3://$S3_BUCKET/${prefix}" >&2
        exit 1
      fi
    elif [ "${key#"$prefix"}" = "$key" ]; then
      key="$prefix$key"
    fi
    echo "restore: downloading s3://$S3_BUCKET/$key"
    aws s3 cp --only-show-errors "s3://$S3_BUCKET/$key" "$dir/restore.archive.gz"
    echo "$key" >"$dir/restore-key"
    ;;
  restore)
    : "${MONGODB_URI:?MONGODB_URI is not set}"
    echo "restore: mongorestore --drop --oplogReplay from $(cat "$dir/restore-key")"
    mongorestore --uri="$MONGODB_URI" --drop --oplogReplay --gzip --archive="$dir/restore.archive.gz"
    echo "restore: done"
    ;;
  *)
    echo "usage: restore.sh download|restore" >&2
    exit 2
    ;;
esac
