using GuestAccess.Server.Identity.TokenService;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace GuestAccess.Server.Identity.Authorization;

/// <summary>
/// JwtBearer for the API. By default it trusts only our own token service (in-process keys,
/// issuer, audience, ES256, typ at+jwt); with <c>Authentication:Authority</c> it trusts that
/// issuer through its discovery document instead. Either way <c>alg: none</c> and symmetric
/// algorithms are refused, and the token is then resolved to a <see cref="CurrentUser"/>.
/// </summary>
internal sealed class BearerSetup(IOptions<ApiAuthenticationSettings> api, IOptions<IdentitySettings> identity, IServiceProvider services) : IConfigureNamedOptions<JwtBearerOptions>
{
    public void Configure(string? name, JwtBearerOptions options)
    {
        if (name != JwtBearerDefaults.AuthenticationScheme)
        {
            return;
        }

        var settings = api.Value;
        options.MapInboundClaims = false;
        options.IncludeErrorDetails = false;
        if (settings.UsesExternalAuthority)
        {
            options.Authority = settings.Authority;
            options.Audience = settings.Audience;
            options.RequireHttpsMetadata = settings.RequireHttpsMetadata;
            options.TokenValidationParameters.ValidAlgorithms = settings.Algorithms;
            options.TokenValidationParameters.ValidAudience = settings.Audience;
            options.TokenValidationParameters.RequireSignedTokens = true;
            options.TokenValidationParameters.ClockSkew = identity.Value.ClockSkew;
            options.TokenValidationParameters.NameClaimType = "sub";
        }
        else
        {
            // Our own keys, read from the in-memory key ring: no HTTP round trip to ourselves.
            options.TokenValidationParameters = services.GetRequiredService<OwnTokens>().Parameters(settings.Audience, validateLifetime: true, TokenClaims.AccessTokenType);
        }

        options.Events = new JwtBearerEvents
        {
            OnTokenValidated = async context =>
            {
                var resolver = context.HttpContext.RequestServices.GetRequiredService<CallerResolver>();
                if (await resolver.ResolveAsync(context.Principal!, context.HttpContext.RequestAborted) is { } reason)
                {
                    context.Fail(reason);
                }
            },
        };
    }

    public void Configure(JwtBearerOptions options) => Configure(Options.DefaultName, options);
}
