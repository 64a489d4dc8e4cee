#!/bin/sh
# Writes the seed inputs of the fuzz targets (see docs/FUZZING.md). The files are committed;
# run this again after changing it:  sh fuzz/seeds/make_seeds.sh
#
# classify_decode layout: [status u16 big-endian] [header count] then per header
# [name length] [name] [value length] [value], then the body (the rest).
set -eu
cd "$(dirname "$0")"

# One byte, from a number 0..255 (octal escapes: POSIX printf has no \x).
byte() { printf "\\$(printf '%03o' "$1")"; }

# exchange FILE STATUS BODY [NAME VALUE]...
exchange() {
    file=$1 status=$2 body=$3
    shift 3
    {
        byte $((status / 256))
        byte $((status % 256))
        byte $(($# / 2))
        while [ $# -ge 2 ]; do
            byte ${#1}; printf '%s' "$1"
            byte ${#2}; printf '%s' "$2"
            shift 2
        done
        printf '%s' "$body"
    } >"classify_decode/$file"
}

mkdir -p classify_decode timestamp_version

ONE='{"agent_id":"agent_1","number":"+14155550123","created_at":"2026-03-31T17:37:05.961874Z","updated_at":"2026-03-01T12:00:00Z","is_cartesia_managed":true}'
TWO='{"agent_id":"agent_2","number":"+14155550199","created_at":"2026-03-01T14:00:00+02:00","updated_at":"9999-12-31T23:59:59Z","is_cartesia_managed":false,"future_field":{"x":[1,2]}}'

exchange ok_phone_numbers 200 "[$ONE,$TWO]" content-type application/json x-request-id req-ok-1
exchange ok_empty_list 200 '[]' content-type application/json
exchange ok_missing_field 200 '[{"agent_id":"a","number":"n","created_at":"2026-03-01T12:00:00Z","is_cartesia_managed":true}]'
exchange ok_bad_timestamp 200 '[{"agent_id":"a","number":"n","created_at":"2026-13-01T12:00:00Z","updated_at":"yesterday","is_cartesia_managed":"yes"}]'
exchange ok_html 200 '<!doctype html><html><body>maintenance</body></html>' content-type text/html
exchange err_structured_404 404 '{"error_code":"agent_not_found","title":"Not Found","message":"No agent a1","request_id":"req-1","doc_url":"https://docs.cartesia.ai/errors"}' content-type application/json
exchange err_partial_null_code 400 '{"error_code":null,"message":"bad id","extra":[1]}' x-request-id hdr-2
exchange err_empty_object 422 '{}'
exchange err_empty_body 500 '' x-request-id hdr-3
exchange err_html_502 502 '<html>
  <head><title>502 Bad Gateway</title></head>
  <body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body>
</html>' content-type text/html server nginx
exchange retry_429_seconds 429 '{"error_code":"concurrency_limited","title":"Too many concurrent requests","message":"You have exceeded your plan'"'"'s concurrency limit."}' retry-after 2 x-should-retry true
exchange retry_503_http_date 503 'Service Unavailable' retry-after 'Wed, 21 Oct 2026 07:28:00 GMT'
exchange retry_ms_and_no 409 '{"message":"conflict"}' retry-after-ms 1500 x-should-retry false
exchange redirect_302 302 '' location https://example.invalid/
exchange informational_103 103 '' link '</style.css>; rel=preload'
exchange status_999 999 'odd'

n=0
for t in \
    2026-03-01T12:00:00Z \
    2026-03-31T17:37:05.961874Z \
    2026-03-01T14:00:00.5+02:00 \
    2026-03-01t00:30:00-01:00z \
    2016-12-31T23:59:60Z \
    2024-02-29T23:59:59.999999999Z \
    1970-01-01T00:00:00Z \
    0000-01-01T00:00:00+01:00 \
    9999-12-31T23:59:59Z \
    2026-03-01 \
    2026-03-01T12:00:00
do
    n=$((n + 1))
    printf '%s' "$t" >"timestamp_version/text_$n"
done
# Structured mode: '#' then bytes that `arbitrary` turns into `Parts` (see timestamp_version.rs).
printf '#\047\017\014\037\027\073\073\001\002\003\011\001\001\005\036' >timestamp_version/structured_1
