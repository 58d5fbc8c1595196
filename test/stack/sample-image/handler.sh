#!/bin/sh
# One HTTP request of the sample service. serve (the accept loop) has read the request line and
# headers, exported REQUEST_METHOD, PATH_INFO, QUERY_STRING, CONTENT_LENGTH, CONTENT_TYPE, and
# connected stdin/stdout to the client socket. Every response names the version (X-Version
# header, and a "version" field in JSON bodies) so tests can tell v1 from v2 over real HTTP.

reason() {
  case "$1" in
    200) echo OK ;; 201) echo Created ;; 204) echo 'No Content' ;;
    301) echo 'Moved Permanently' ;; 302) echo Found ;; 304) echo 'Not Modified' ;;
    400) echo 'Bad Request' ;; 401) echo Unauthorized ;; 403) echo Forbidden ;;
    404) echo 'Not Found' ;; 405) echo 'Method Not Allowed' ;; 409) echo Conflict ;;
    429) echo 'Too Many Requests' ;; 500) echo 'Internal Server Error' ;;
    502) echo 'Bad Gateway' ;; 503) echo 'Service Unavailable' ;; 504) echo 'Gateway Timeout' ;;
    *) echo Status ;;
  esac
}

# respond STATUS CONTENT-TYPE BODY
respond() {
  printf 'HTTP/1.1 %s %s\r\nContent-Type: %s\r\nContent-Length: %s\r\nX-Version: %s\r\nConnection: close\r\n\r\n%s' \
    "$1" "$(reason "$1")" "$2" "${#3}" "$VERSION" "$3"
  exit 0
}

json() {
  respond "$1" application/json "$2"
}

# query_param NAME: the value of NAME in the query string ('' when absent)
query_param() {
  echo "&$QUERY_STRING" | sed -n "s/.*&$1=\([^&]*\).*/\1/p"
}

is_number() {
  case "$1" in '' | *[!0-9]*) return 1 ;; *) return 0 ;; esac
}

seconds_up() {
  started=$(cat /tmp/started 2>/dev/null || date +%s)
  echo $(($(date +%s) - started))
}

read_body() {
  if is_number "$CONTENT_LENGTH" && [ "$CONTENT_LENGTH" -gt 0 ]; then
    head -c "$CONTENT_LENGTH"
  fi
}

# json_field NAME BODY: the string value of "NAME" in a flat JSON object, or a form field
json_field() {
  value=$(echo "$2" | sed -n "s/.*\"$1\"[[:space:]]*:[[:space:]]*\"\([^\"]*\)\".*/\1/p")
  [ -n "$value" ] || value=$(echo "&$2" | sed -n "s/.*&$1=\([^&]*\).*/\1/p")
  echo "$value"
}

metrics() {
  # Counters grow by 100 requests per scrape; ERROR_RATE (0..1) of them are 500s, so
  # sum(rate(http_requests_total{code!~"5.."}[1m])) / sum(rate(http_requests_total[1m]))
  # is 1 - ERROR_RATE.
  rate=${ERROR_RATE:-0}
  ok=$(cat /tmp/requests_200 2>/dev/null || echo 0)
  failed=$(cat /tmp/requests_500 2>/dev/null || echo 0)
  errors=$(awk -v r="$rate" 'BEGIN { if (r < 0) r = 0; if (r > 1) r = 1; printf "%d", r * 100 + 0.5 }')
  ok=$((ok + 100 - errors))
  failed=$((failed + errors))
  echo "$ok" > /tmp/requests_200
  echo "$failed" > /tmp/requests_500
  body="# HELP http_requests_total Requests served, by status code.
# TYPE http_requests_total counter
http_requests_total{code=\"200\"} $ok
http_requests_total{code=\"500\"} $failed
# HELP sample_build_info The sample service's version.
# TYPE sample_build_info gauge
sample_build_info{version=\"$VERSION\"} 1
"
  respond 200 'text/plain; version=0.0.4' "$body"
}

case "$PATH_INFO" in
  /health | /healthz)
    json 200 "{\"status\":\"healthy\",\"version\":\"$VERSION\"}"
    ;;
  /ready | /readyz)
    if [ "$VARIANT" = never-ready ]; then
      json 503 "{\"status\":\"not ready\",\"reason\":\"never-ready variant\",\"version\":\"$VERSION\"}"
    fi
    after=${READY_AFTER:-0}
    is_number "$after" || after=0
    up=$(seconds_up)
    if [ "$up" -lt "$after" ]; then
      json 503 "{\"status\":\"starting\",\"ready_in\":$((after - up)),\"version\":\"$VERSION\"}"
    fi
    json 200 "{\"status\":\"ready\",\"version\":\"$VERSION\"}"
    ;;
  /version)
    respond 200 text/plain "$VERSION"
    ;;
  /api/v1/public/info)
    json 200 "{\"service\":\"oasis-sample\",\"version\":\"$VERSION\",\"variant\":\"$VARIANT\"}"
    ;;
  /api/v1/auth/login)
    if [ "$REQUEST_METHOD" != POST ]; then
      json 405 "{\"error\":\"use POST\",\"version\":\"$VERSION\"}"
    fi
    body=$(read_body)
    user=$(json_field username "$body")
    [ -n "$user" ] || user=$(json_field username_or_email "$body")
    password=$(json_field password "$body")
    if [ "$user" = demo ] && [ "$password" = demo ]; then
      json 200 "{\"token\":\"demo-token\",\"user\":\"demo\",\"version\":\"$VERSION\"}"
    fi
    json 401 "{\"error\":\"invalid credentials\",\"version\":\"$VERSION\"}"
    ;;
  /status/*)
    code=${PATH_INFO#/status/}
    if is_number "$code" && [ "$code" -ge 100 ] && [ "$code" -le 599 ]; then
      json "$code" "{\"status\":$code,\"version\":\"$VERSION\"}"
    fi
    json 400 "{\"error\":\"/status/<code> needs a code from 100 to 599\",\"version\":\"$VERSION\"}"
    ;;
  /slow)
    ms=$(query_param ms)
    is_number "$ms" || ms=1000
    sleep "$(awk -v ms="$ms" 'BEGIN { printf "%.3f", ms / 1000 }')"
    json 200 "{\"slept_ms\":$ms,\"version\":\"$VERSION\"}"
    ;;
  /metrics)
    metrics
    ;;
  /)
    respond 200 text/plain "oasis sample service $VERSION"
    ;;
  *)
    json 404 "{\"error\":\"not found\",\"path\":\"$PATH_INFO\",\"version\":\"$VERSION\"}"
    ;;
esac
