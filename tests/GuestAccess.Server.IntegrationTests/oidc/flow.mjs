// Usage: node flow.mjs ISSUER EMAIL PASSWORD
// openid-client performs discovery, builds the PKCE authorization request, redeems the code
// (validating the ID token's signature against our JWKS, issuer, audience and nonce), refreshes,
// detects refresh-token reuse and revokes. Only the "browser" part (the sign-in form) is ours.
// Prints one JSON object with what happened; the C# test asserts on it.
import * as client from 'openid-client';

const [issuer, email, password] = process.argv.slice(2);
const clientId = 'guestaccess-cli';
const redirectUri = 'http://127.0.0.1:53682/callback';
const out = {};

const config = await client.discovery(new URL(issuer), clientId, undefined, client.None(), { execute: [client.allowInsecureRequests] });
client.enableNonRepudiationChecks(config); // verify ID token signatures with the JWKS
out.issuer = config.serverMetadata().issuer;

const verifier = client.randomPKCECodeVerifier();
const state = client.randomState();
const nonce = client.randomNonce();
const authorize = client.buildAuthorizationUrl(config, {
  redirect_uri: redirectUri,
  scope: 'openid profile email offline_access guestaccess.api',
  code_challenge: await client.calculatePKCECodeChallenge(verifier),
  code_challenge_method: 'S256',
  state,
  nonce,
});

// The user agent: follow redirects by hand with a cookie jar, fill in the sign-in form.
const jar = new Map();
async function go(url, init = {}) {
  const headers = { ...(init.headers ?? {}), cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') };
  const response = await fetch(url, { ...init, headers, redirect: 'manual' });
  for (const c of response.headers.getSetCookie()) {
    const [pair] = c.split(';');
    const i = pair.indexOf('=');
    jar.set(pair.slice(0, i), pair.slice(i + 1));
  }
  return response;
}
const absolute = (location) => new URL(location, issuer).href;

let response = await go(authorize.href);
const login = absolute(response.headers.get('location'));
const page = await (await go(login)).text();
const token = page.match(/name="__RequestVerificationToken" value="([^"]+)"/)[1].replaceAll('&#x2B;', '+').replaceAll('&#x2F;', '/').replaceAll('&#x3D;', '=');
const returnUrl = new URL(login).searchParams.get('returnUrl');
response = await go(new URL('/account/login', issuer).href, {
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({ __RequestVerificationToken: token, returnUrl, email, password }).toString(),
});
response = await go(absolute(response.headers.get('location')));
const callback = new URL(response.headers.get('location'));

const tokens = await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true });
const claims = tokens.claims();
out.sub = claims.sub;
out.name = claims.name;
out.idTokenAudience = claims.aud;
out.accessToken = tokens.access_token;

const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
out.userinfoEmail = userinfo.email;

const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token);
out.rotated = refreshed.refresh_token !== tokens.refresh_token;
out.refreshedAccessToken = refreshed.access_token;

async function errorOf(action) {
  try {
    await action();
    return 'none';
  } catch (e) {
    return e.error ?? e.code ?? String(e);
  }
}
out.reuse = await errorOf(() => client.refreshTokenGrant(config, tokens.refresh_token));
out.afterReuse = await errorOf(() => client.refreshTokenGrant(config, refreshed.refresh_token));

const again = await (async () => {
  // A second sign-in (the session cookie is still there), then revocation of its refresh token.
  const v = client.randomPKCECodeVerifier();
  const s = client.randomState();
  const url = client.buildAuthorizationUrl(config, { redirect_uri: redirectUri, scope: 'openid offline_access guestaccess.api', code_challenge: await client.calculatePKCECodeChallenge(v), code_challenge_method: 'S256', state: s });
  const r = await go(url.href);
  const t = await client.authorizationCodeGrant(config, new URL(r.headers.get('location')), { pkceCodeVerifier: v, expectedState: s });
  await client.tokenRevocation(config, t.refresh_token);
  return errorOf(() => client.refreshTokenGrant(config, t.refresh_token));
})();
out.afterRevocation = again;

console.log(JSON.stringify(out));
