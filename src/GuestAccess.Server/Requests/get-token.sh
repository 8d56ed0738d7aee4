#!/usr/bin/env bash
# Signs in as a user through the real browser flow — authorization code + PKCE (S256) with the
# public client "guestaccess-cli", the real sign-in form — using only curl and openssl, and
# prints the access token. Usage:
#   get-token.sh EMAIL [PASSWORD] [BASE_URL]        (defaults: Demo-2026!, http://localhost:8080)
# Environment: GUESTACCESS_TOTP=123456 for accounts with an authenticator app; SCOPE to change
# the scopes; PRINT=json to print the whole token response (with refresh and ID tokens).
set -euo pipefail

EMAIL="${1:?usage: get-token.sh EMAIL [PASSWORD] [BASE_URL]}"
PASSWORD="${2:-Demo-2026!}"
BASE="${3:-http://localhost:8080}"
CLIENT_ID="guestaccess-cli"
REDIRECT_URI="http://127.0.0.1:53682/callback"
SCOPE="${SCOPE:-openid profile offline_access guestaccess.api}"
JAR="$(mktemp)"; trap 'rm -f "$JAR"' EXIT

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
urlencode() { local LC_ALL=C s="$1" i c out=""; for ((i = 0; i < ${#s}; i++)); do c="${s:i:1}"; case "$c" in [a-zA-Z0-9.~_-]) out+="$c" ;; *) out+=$(printf '%%%02X' "'$c") ;; esac; done; printf '%s' "$out"; }
location() { { grep -i '^location:' || true; } | tail -1 | sed -E 's/^[Ll]ocation: *//' | tr -d '\r'; }
absolute() { case "$1" in http*) printf '%s' "$1" ;; *) printf '%s%s' "$BASE" "$1" ;; esac; }
form_token() { grep -o 'name="__RequestVerificationToken" value="[^"]*"' | head -1 | sed -E 's/.*value="([^"]*)"/\1/'; }
fail() { echo "get-token.sh: $*" >&2; exit 1; }

VERIFIER="$(openssl rand 32 | b64url)"
CHALLENGE="$(printf '%s' "$VERIFIER" | openssl dgst -sha256 -binary | b64url)"
STATE="$(openssl rand 16 | b64url)"
AUTHORIZE="$BASE/connect/authorize?response_type=code&client_id=$CLIENT_ID&redirect_uri=$(urlencode "$REDIRECT_URI")&scope=$(urlencode "$SCOPE")&state=$STATE&code_challenge=$CHALLENGE&code_challenge_method=S256"

# 1. The authorization request sends us to the sign-in page.
LOGIN="$(absolute "$(curl -s -o /dev/null -D - -c "$JAR" -b "$JAR" "$AUTHORIZE" | location)")"
[[ "$LOGIN" == *"/account/login"* ]] || fail "expected a redirect to the sign-in page, got '$LOGIN'"
RETURN_URL="$(printf '%s' "$LOGIN" | sed -E 's/.*[?&]returnUrl=([^&]*).*/\1/')"

# 2. The sign-in form (with its antiforgery token), then the password.
TOKEN="$(curl -s -c "$JAR" -b "$JAR" "$LOGIN" | form_token)"
NEXT="$(curl -s -o /dev/null -D - -c "$JAR" -b "$JAR" --data-urlencode "email=$EMAIL" --data-urlencode "password=$PASSWORD" \
  --data-urlencode "__RequestVerificationToken=$TOKEN" --data "returnUrl=$RETURN_URL" "$BASE/account/login" | location)"
[ -n "$NEXT" ] || fail "sign-in failed for $EMAIL (wrong password, locked or demo account in Production)"

# 3. Staff with an authenticator app: the one-time code.
if [[ "$NEXT" == *"/account/login/totp"* ]]; then
  [[ "$NEXT" != *"totp-setup"* ]] || fail "$EMAIL must first set up an authenticator app: sign in once in a browser"
  [ -n "${GUESTACCESS_TOTP:-}" ] || fail "$EMAIL needs a one-time code: set GUESTACCESS_TOTP"
  TOKEN="$(curl -s -c "$JAR" -b "$JAR" "$(absolute "$NEXT")" | form_token)"
  NEXT="$(curl -s -o /dev/null -D - -c "$JAR" -b "$JAR" --data-urlencode "code=$GUESTACCESS_TOTP" \
    --data-urlencode "__RequestVerificationToken=$TOKEN" "$BASE/account/login/totp" | location)"
  [ -n "$NEXT" ] || fail "the one-time code was refused"
fi

# 4. Back at the authorization endpoint, signed in: it redirects to the client with a code.
CALLBACK="$(curl -s -o /dev/null -D - -c "$JAR" -b "$JAR" "$(absolute "$NEXT")" | location)"
[[ "$CALLBACK" == "$REDIRECT_URI"* ]] || fail "expected a redirect to $REDIRECT_URI, got '$CALLBACK'"
[[ "$CALLBACK" == *"state=$STATE"* ]] || fail "the state does not match"
CODE="$(printf '%s' "$CALLBACK" | sed -E 's/.*[?&]code=([^&]*).*/\1/')"

# 5. The code and the PKCE verifier for tokens.
RESPONSE="$(curl -s -d grant_type=authorization_code -d client_id=$CLIENT_ID --data-urlencode "redirect_uri=$REDIRECT_URI" \
  --data-urlencode "code=$CODE" --data-urlencode "code_verifier=$VERIFIER" "$BASE/connect/token")"
if [ "${PRINT:-token}" = json ]; then printf '%s\n' "$RESPONSE"; exit 0; fi
ACCESS="$(printf '%s' "$RESPONSE" | sed -nE 's/.*"access_token":"([^"]*)".*/\1/p')"
[ -n "$ACCESS" ] || fail "token request failed: $RESPONSE"
printf '%s\n' "$ACCESS"
