using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace GuestAccess.Server.Identity.TokenService;

/// <summary>
/// The token service's issuer identifier: <c>Identity:Issuer</c>, or else the first address the
/// server listens on (wildcard hosts shown as localhost). Resolved once, after the server started.
/// </summary>
public sealed class Issuer(IOptions<IdentitySettings> settings, IServer server)
{
    private string? _value;

    public string Value => _value ??= Resolve();

    public string Url(string path) => Value + path;

    private string Resolve()
    {
        if (settings.Value.Issuer is { Length: > 0 } configured)
        {
            return configured;
        }

        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The issuer is not configured (Identity:Issuer) and the server has no address yet.");
        var uri = new UriBuilder(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal));
        if (uri.Host is "0.0.0.0" or "[::]" or "::")
        {
            uri.Host = "localhost";
        }

        return uri.Uri.GetLeftPart(UriPartial.Authority);
    }
}
