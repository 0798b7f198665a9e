#!/bin/sh
# Sends $PORTEX_DOCS JSON documents to $PORTEX_TARGET_URL with curl, then exits: 0 when every one was
# answered 2xx, else curl's exit status (7 = could not connect, e.g. errno 99) with curl's message on stderr.
#   per-request  one curl process per document: a new connection, and a new ephemeral port, each time
#   reuse        one curl process for all documents: it keeps the connection alive between them
set -u
mode=${1:-per-request}
doc() { printf '{"runId":"%s","seq":%d,"client":"image","message":"document %d of %d"}' \
  "$PORTEX_RUN_ID" "$1" "$1" "$PORTEX_DOCS"; }
if [ "$mode" = reuse ]; then
  set --
  i=1
  while [ "$i" -le "$PORTEX_DOCS" ]; do
    set -- "$@" -H 'Content-Type: application/json' --data-binary "$(doc "$i")" "$PORTEX_TARGET_URL"
    [ "$i" -lt "$PORTEX_DOCS" ] && set -- "$@" --next
    i=$((i + 1))
  done
  exec curl -fsS -o /dev/null "$@"
fi
i=1
while [ "$i" -le "$PORTEX_DOCS" ]; do
  doc "$i" | curl -fsS -o /dev/null -H 'Content-Type: application/json' --data-binary @- "$PORTEX_TARGET_URL" || exit $?
  i=$((i + 1))
done
