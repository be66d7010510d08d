#!/usr/bin/env bash
# stand-in: the real script is tested by ImageScriptsTest
echo "scripts/load-local-images.sh $*" >>"$CALLS"
