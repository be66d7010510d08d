#!/bin/sh
# helm test: a checkout through the storefront's Service, as a shopper's browser does it: the
# products, a cart with the first one, a checkout (Idempotency-Key), then the order until it is
# decided. Passes once the order is CONFIRMED; fails on REJECTED or CANCELLED, or when nothing is
# decided within TIMEOUT_SECONDS. POSIX sh and curl only (the test image has no jq).
# Environment: BASE (e.g. http://storefront-api:8080), TIMEOUT_SECONDS (default 120).
set -eu
: "${BASE:?BASE is not set}"
timeout=${TIMEOUT_SECONDS:-120}
say() { echo "checkout test: $*"; }
field() { # the string value of a JSON field in $2 (first occurrence)
  printf '%s' "$2" | tr -d '\n' | sed -n "s/.*\"$1\"[[:space:]]*:[[:space:]]*\"\([^\"]*\)\".*/\1/p"
}
products=$(curl -fsS "$BASE/api/products")
sku=$(field sku "$products")
[ -n "$sku" ] || { say "no product in $BASE/api/products: $products"; exit 1; }
cart=$(field cartId "$(curl -fsS -X POST "$BASE/api/carts")")
[ -n "$cart" ] || { say "no cart id from POST $BASE/api/carts"; exit 1; }
curl -fsS -X POST "$BASE/api/carts/$cart/items" -H 'Content-Type: application/json' \
  -d "{\"sku\": \"$sku\", \"quantity\": 1}" >/dev/null
key="helm-test-$(date +%s)-$$"
order=$(field orderId "$(curl -fsS -X POST "$BASE/api/carts/$cart/checkout" -H 'Content-Type: application/json' \
  -H "Idempotency-Key: $key" -d '{"customer": {"email": "helm-test@example.com", "name": "Helm Test"}}')")
[ -n "$order" ] || { say "no order id from the checkout of cart $cart"; exit 1; }
say "cart $cart, $sku x 1, order $order"
waited=0
while :; do
  status=$(field status "$(curl -fsS "$BASE/api/orders/$order")")
  case $status in
    CONFIRMED) say "order $order CONFIRMED after ${waited}s"; exit 0 ;;
    PENDING | "") ;;
    *) say "order $order $status"; exit 1 ;;
  esac
  if [ "$waited" -ge "$timeout" ]; then
    say "order $order still ${status:-unknown} after ${timeout}s"
    exit 1
  fi
  sleep 2
  waited=$((waited + 2))
done
