#!/bin/sh
# Entry point of the sample service image (busybox sh, FROM scratch).
# VARIANT (baked at build time): normal | crashloop | never-ready.
date +%s > /tmp/started
if [ "$VARIANT" = crashloop ]; then
  echo "sample: crashloop variant (version $VERSION): exiting 1 at start" >&2
  exit 1
fi
exec /app/serve
