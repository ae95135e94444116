// A real OpenID provider (panva's certified `oidc-provider`) for Lander's OIDC tests.
//
//   node provider.mjs <port> <client_id> <client_secret> <redirect_uri> [--thin-id-token]
//
// Issuer: http://127.0.0.1:<port>. Port 0 picks a free port; the chosen one is printed as
// `PORT <n>` before READY. One confidential client (client_secret_basic or _post),
// authorization code grant only, PKCE (S256) required. Login and consent need no browser: the
// interaction routes below log in the account named by the authorization request's
// `login_hint` and grant everything the client asked for, so following the redirects from the
// authorize URL ends at `<redirect_uri>?code=...&state=...`. An unknown or missing login_hint
// ends at the redirect URI with `error=access_denied`.
//
// With --thin-id-token the ID token carries only `sub` (and protocol claims); e-mail and name
// come from the userinfo endpoint, as with providers that keep ID tokens small.
//
// Prints READY on stdout once listening. A throw-away test server: keys are generated at start,
// everything lives in memory.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const [portArg, clientId, clientSecret, redirectUri, ...flags] = process.argv.slice(2);
if (!portArg || !clientId || !clientSecret || !redirectUri) {
  console.error(
    'usage: node provider.mjs <port> <client_id> <client_secret> <redirect_uri> [--thin-id-token]',
  );
  process.exit(2);
}
const thinIdToken = flags.includes('--thin-id-token');

/** Test accounts, keyed by login name (which is also the subject). */
const ACCOUNTS = {
  alice: { email: 'alice@acme.test', email_verified: true, name: 'Alice Example' },
  bob: { email: 'bob@acme.test', email_verified: false, name: 'Bob Example' },
  carol: { email: 'carol@other.test', email_verified: true, name: 'Carol Other' },
};

function findAccount(_ctx, sub) {
  const profile = ACCOUNTS[sub];
  if (!profile) return undefined;
  return {
    accountId: sub,
    async claims() {
      return { sub, ...profile };
    },
  };
}

// A fresh RSA signing key per run (RS256, the ID token default).
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = {
  ...privateKey.export({ format: 'jwk' }),
  kid: randomBytes(8).toString('hex'),
  use: 'sig',
  alg: 'RS256',
};

function makeProvider(issuer) {
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    findAccount,
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name'],
    },
    conformIdTokenClaims: thinIdToken,
    ttl: {
      AccessToken: 3600,
      AuthorizationCode: 60,
      Grant: 3600,
      IdToken: 3600,
      Interaction: 600,
      Session: 3600,
    },
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
    },
    interactions: {
      url: (_ctx, interaction) => `/interaction/${interaction.uid}`,
    },
    // Keep a stack trace of server errors on stderr (the test shows it when something fails).
    renderError: async (ctx, out, error) => {
      if (ctx.status >= 500) console.error(error);
      ctx.type = 'json';
      ctx.body = out;
    },
  });
  // Plain http on 127.0.0.1 is the point of a test provider; no proxy in front of it.
  provider.proxy = false;
  return provider;
}

/** Logs in `login_hint` and grants every requested scope and claim, without a page. */
async function interaction(provider, req, res) {
  const details = await provider.interactionDetails(req, res);
  const { prompt, params, session } = details;
  if (prompt.name === 'login') {
    const login = params.login_hint;
    if (!login || !ACCOUNTS[login]) {
      await provider.interactionFinished(req, res, {
        error: 'access_denied',
        error_description: `unknown test account ${JSON.stringify(login ?? '')}`,
      }, { mergeWithLastSubmission: false });
      return;
    }
    await provider.interactionFinished(req, res, { login: { accountId: login } }, {
      mergeWithLastSubmission: false,
    });
    return;
  }
  if (prompt.name === 'consent') {
    let grant;
    if (details.grantId) {
      grant = await provider.Grant.find(details.grantId);
    } else {
      grant = new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
    }
    const missing = prompt.details;
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    for (const [resource, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
      grant.addResourceScope(resource, scopes.join(' '));
    }
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { consent: { grantId } }, {
      mergeWithLastSubmission: true,
    });
    return;
  }
  res.statusCode = 500;
  res.end(`unexpected prompt ${prompt.name}`);
}

let handle = (_req, res) => {
  res.statusCode = 503;
  res.end();
};
const server = createServer((req, res) => handle(req, res));
server.listen(Number(portArg), '127.0.0.1', () => {
  const { port } = server.address();
  const provider = makeProvider(`http://127.0.0.1:${port}`);
  const koa = provider.callback();
  handle = (req, res) => {
    if (req.method === 'GET' && req.url.startsWith('/interaction/')) {
      interaction(provider, req, res).catch((err) => {
        console.error(err);
        if (!res.headersSent) res.statusCode = 500;
        res.end(String(err));
      });
      return;
    }
    koa(req, res);
  };
  process.stdout.write(`PORT ${port}\nREADY\n`);
});

// Exit with the test process: a closed stdin or a signal ends the server.
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => process.exit(0));
}
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
