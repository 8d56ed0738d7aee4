using GuestAccess.Server.IntegrationTests.Infrastructure;
using GuestAccess.Server.Seeding;

namespace GuestAccess.Server.IntegrationTests.Identity;

/// <summary>One caller of the endpoint × role matrix: a name, a token (or none), and whether the token is valid.</summary>
public sealed record Caller(string Name, string? Token, bool Valid)
{
    public override string ToString() => Name;
}

/// <summary>A seeded server and a token for every demo role, plus anonymous and forged callers.</summary>
public sealed class MatrixFixture : IAsyncLifetime
{
    /// <summary>The demo accounts by matrix name.</summary>
    public static readonly IReadOnlyDictionary<string, string> Accounts = new Dictionary<string, string>
    {
        ["citizen"] = "borger@demo.guestaccess.dk",
        ["citizen2"] = "borger2@demo.guestaccess.dk",
        ["young-citizen"] = "ung@demo.guestaccess.dk",
        ["caretaker-dokk1"] = "pedel.dokk1@demo.guestaccess.dk",
        ["caretaker-syd"] = "pedel.syd@demo.guestaccess.dk",
        ["auditor-all"] = "revisor@demo.guestaccess.dk",
        ["auditor-dokk1"] = "revisor.dokk1@demo.guestaccess.dk",
        ["admin"] = "admin@demo.guestaccess.dk",
    };

    public TestServer Server { get; private set; } = null!;

    public IReadOnlyList<Caller> Callers { get; private set; } = [];

    public static Guid UserId(string name) => StableId.For("user", Accounts[name]);

    public async Task InitializeAsync()
    {
        Server = await TestServer.StartAsync();
        var callers = new List<Caller> { new("anonymous", null, false) };
        string? idToken = null;
        foreach (var (name, email) in Accounts)
        {
            var tokens = await OidcBrowser.TokensForAsync(Server, email);
            callers.Add(new Caller(name, tokens.AccessToken, true));
            idToken = name == "admin" ? tokens.IdToken : idToken;
        }

        callers.Add(new Caller("demo-integration", await OidcBrowser.ClientCredentialsAsync(Server), true));
        var forged = new TestTokens(Server);
        var admin = UserId("admin");
        callers.Add(new Caller("expired", forged.Expired(admin), false));
        callers.Add(new Caller("other-issuer", forged.OtherIssuer(admin), false));
        callers.Add(new Caller("unknown-key", forged.UnknownKey(admin), false));
        callers.Add(new Caller("alg-none", forged.AlgNone(admin), false));
        callers.Add(new Caller("hs256-public-key", forged.HmacWithPublicKey(admin), false));
        callers.Add(new Caller("admin-id-token", idToken, false));
        Callers = callers;
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
