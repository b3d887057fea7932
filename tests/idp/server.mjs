// A real OpenID Connect provider for the test suite: panva's certified `oidc-provider` (pinned in
// package.json / package-lock.json, installed into build/idp by `make idp`), on loopback, on a
// free port. Configured from the IDP_CONFIG environment variable (JSON):
//   { "clients":  [{ "client_id", "client_secret", "redirect_uris": [...] }],
//     "accounts": [{ "sub", "email", "password", "name", "groups": [...], "email_verified"? }],
//     "idTokenTtl": seconds }
// It prints one line `{"issuer": "http://127.0.0.1:PORT"}` on stdout when it is ready.
//
// Its only own pages are the login interaction: a plain HTML form (email, password) checked
// against the static accounts, which Playwright or the API tests fill in. Consent is granted
// for the configured (first-party) clients without a page. Nothing here signs tokens itself:
// every ID token comes from oidc-provider's own token endpoint, signed with its own key.
import http from 'node:http';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import Provider from 'oidc-provider';

const config = JSON.parse(process.env.IDP_CONFIG || '{}');
const accounts = config.accounts || [];
const bySub = new Map(accounts.map((a) => [a.sub, a]));

const escape = (text) => String(text ?? '').replace(/[&<>"']/g, (c) => ({
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;',
}[c]));

function loginPage(uid, hint, error) {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Test IdP sign-in</title></head>
<body><main><h1>Test identity provider</h1>
${error ? `<p role="alert" id="idp-error">${escape(error)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}/login">
<label for="idp-email">Email</label><input id="idp-email" name="email" type="email" value="${escape(hint)}" required>
<label for="idp-password">Password</label><input id="idp-password" name="password" type="password" required>
<button type="submit">Sign in at the IdP</button>
</form></main></body></html>`;
}

async function readForm(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

const server = http.createServer();
server.listen(Number(process.env.IDP_PORT || 0), '127.0.0.1', () => {
  const { port } = server.address();
  const issuer = `http://127.0.0.1:${port}`;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test-idp-key', use: 'sig', alg: 'RS256' };

  const provider = new Provider(issuer, {
    clients: (config.clients || []).map((c) => ({
      client_id: c.client_id,
      client_secret: c.client_secret,
      redirect_uris: c.redirect_uris,
      response_types: ['code'],
      grant_types: ['authorization_code'],
      token_endpoint_auth_method: 'client_secret_basic',
    })),
    jwks: { keys: [jwk] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'groups'],
    },
    // The claims of the granted scopes go into the ID token itself (not only to userinfo).
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    ttl: { IdToken: Number(config.idTokenTtl || 3600), AuthorizationCode: 60 },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(ctx, sub) {
      const account = bySub.get(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        async claims() {
          return {
            sub,
            email: account.email,
            email_verified: account.email_verified ?? true,
            name: account.name,
            groups: account.groups || [],
          };
        },
      };
    },
    // First-party clients: consent is granted without a page.
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId
        || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
  });

  const handle = provider.callback();
  server.on('request', async (req, res) => {
    const match = req.url.match(/^\/interaction\/([^/?]+)(\/login)?/);
    if (!match) return handle(req, res);
    try {
      const details = await provider.interactionDetails(req, res);
      const hint = details.params.login_hint || '';
      if (req.method === 'GET') {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        return res.end(loginPage(details.uid, hint));
      }
      const form = await readForm(req);
      const account = accounts.find(
        (a) => a.email === form.get('email') && a.password === form.get('password'),
      );
      if (!account) {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        return res.end(loginPage(details.uid, form.get('email'), 'Wrong email or password.'));
      }
      return provider.interactionFinished(
        req, res, { login: { accountId: account.sub } }, { mergeWithLastSubmission: false },
      );
    } catch (err) {
      res.writeHead(400, { 'Content-Type': 'text/plain' });
      return res.end(`interaction failed: ${err.message}`);
    }
  });
  process.stdout.write(`${JSON.stringify({ issuer })}\n`);
});

for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0));
