// A real OpenID Connect provider on loopback for central's sign-in tests (oidc-provider).
// Usage: node provider.mjs <port> <client_id> <client_secret> <redirect_uri>; prints "ready <issuer>".
// Any login name is accepted with any password (the library's dev interaction form); the
// account's groups come from ACCOUNTS so a test can sign in as each role.
import Provider from "oidc-provider";

const [port, clientId, clientSecret, redirectUri] = process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;
const ACCOUNTS = {
  kari: ["reg-admin"],
  ola: ["reg-drift", "everyone"],
  stranger: ["everyone"],
};

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: [redirectUri],
      grant_types: ["authorization_code"],
      response_types: ["code"],
    },
  ],
  claims: { openid: ["sub"], profile: ["preferred_username", "groups"] },
  findAccount: async (_ctx, id) => ({
    accountId: id,
    claims: async () => ({ sub: id, preferred_username: id, groups: ACCOUNTS[id] ?? [] }),
  }),
  // The groups go into the ID token itself, so central needs no userinfo call.
  conformIdTokenClaims: false,
  // A first-party client: skip the consent page, grant what was asked.
  loadExistingGrant: async (ctx) => {
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope("openid profile");
    await grant.save();
    return grant;
  },
  pkce: { required: () => true },
  cookies: { keys: ["test-only-cookie-key"] },
});
provider.listen(Number(port), "127.0.0.1", () => console.log(`ready ${issuer}`));
