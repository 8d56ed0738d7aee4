using GuestAccess.Server.Identity.Accounts;
using GuestAccess.Server.Identity.Authorization;
using GuestAccess.Server.Identity.Federation;
using GuestAccess.Server.Identity.TokenService;
using GuestAccess.Server.Identity.TokenService.Keys;
using GuestAccess.Server.Identity.TokenService.Validation;
using GuestAccess.Server.Identity.Users;
using GuestAccess.Server.Identity.Web;
using GuestAccess.Server.Persistence;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace GuestAccess.Server.Identity;

/// <summary>Identity and access: the token service, sign-in pages, API authentication and authorization.</summary>
public static class IdentityExtensions
{
    public static WebApplicationBuilder AddIdentityAndAccess(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<IdentitySettings>().BindConfiguration(IdentitySettings.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<IdentitySettings>, IdentitySettingsValidator>();
        services.AddOptions<FederationSettings>().BindConfiguration(IdentitySettings.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<FederationSettings>, FederationSettingsValidator>();
        services.AddOptions<ApiAuthenticationSettings>().BindConfiguration(ApiAuthenticationSettings.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ApiAuthenticationSettings>, ApiAuthenticationSettingsValidator>();

        // Data Protection: signing keys, cookies, antiforgery. The key ring lives in the data directory.
        KeyRingCertificate.Configure(services.AddDataProtection().SetApplicationName("GuestAccess"), builder.Configuration);
        services.AddOptions<KeyManagementOptions>().Configure<IOptions<StorageOptions>, ILoggerFactory>((o, storage, logs) =>
            o.XmlRepository ??= new FileSystemXmlRepository(new DirectoryInfo(Path.Combine(storage.Value.FullDataDirectory, "data-protection-keys")), logs));

        new IdentityBuilder(typeof(GuestAccessUser), services)
            .AddSignInManager()
            .AddTokenProvider<OneTimeCodeProvider>(TokenOptions.DefaultAuthenticatorProvider);

        services.AddSingleton<Issuer>();
        services.AddSingleton<SigningKeyRing>();
        services.AddHostedService<SigningKeyMaintenance>();
        services.AddHostedService<FirstPartyClients>();
        services.AddSingleton<OwnTokens>();
        services.AddSingleton<TokenFactory>();
        services.AddSingleton<LoginStep>();
        services.AddScoped<GrantFamilies>();
        services.AddScoped<AccountPolicy>();
        services.AddScoped<AccountForms>();
        services.AddScoped<ClientAuthentication>();
        services.AddScoped<CurrentUser>();
        services.AddScoped<CallerResolver>();
        services.AddScoped<RoleAssignments>();
        services.AddScoped<IdentityAudit>();
        services.AddSingleton<OidcRelyingParty>();
        services.AddSingleton<PseudonymousSubject>();
        services.AddScoped<UpstreamAccounts>();
        services.AddHttpClient(nameof(OidcRelyingParty), c => c.Timeout = TimeSpan.FromSeconds(15));
        AddPipelines(services);

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = JwtBearerDefaults.AuthenticationScheme;
                o.DefaultChallengeScheme = JwtBearerDefaults.AuthenticationScheme;
            })
            .AddJwtBearer()
            .AddCookie(IdpSession.Scheme, o =>
            {
                o.Cookie.Name = IdpSession.CookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.SlidingExpiration = false;
                o.LoginPath = "/account/login";
            })
            .AddCookie(WebSignIn.Scheme, WebSignIn.Configure);
        services.AddOptions<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(IdpSession.Scheme)
            .Configure<IOptions<IdentitySettings>>((o, s) => o.ExpireTimeSpan = s.Value.SessionLifetime);
        services.AddSingleton<IConfigureOptions<JwtBearerOptions>, BearerSetup>();
        services.AddAuthorization(o =>
        {
            AccessPolicies.Add(o);
            WebAccessExtensions.Add(o);
        });
        services.AddSingleton<IAuthorizationHandler, CallerRequirementHandler>();
        services.AddHttpContextAccessor();
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "ga.af";
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
        services.AddRateLimiter(_ => { });
        services.AddOptions<Microsoft.AspNetCore.RateLimiting.RateLimiterOptions>()
            .Configure<IOptions<IdentitySettings>>((o, s) => RateLimits.Configure(o, s.Value));
        return builder;
    }

    public static WebApplication UseIdentityAndAccess(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        return app;
    }

    public static WebApplication MapIdentityAndAccess(this WebApplication app)
    {
        app.MapTokenService();
        app.MapFederation();
        app.MapWebSignIn();
        app.MapMe();
        app.MapSiteStaff();
        app.MapAdminUsers();
        return app;
    }

    // The validator pipelines run in the order registered here.
    private static void AddPipelines(IServiceCollection services)
    {
        services.AddScoped<ITokenRequestValidator, RequireGrantType>();
        services.AddScoped<ITokenRequestValidator, AuthenticateClient>();
        services.AddScoped<ITokenRequestValidator, RequireGrantAllowedForClient>();
        services.AddScoped<ITokenRequestValidator, ValidateClientCredentialsScope>();
        services.AddScoped<ITokenRequestValidator, RedeemAuthorizationCode>();
        services.AddScoped<ITokenRequestValidator, RequireSameRedirectUri>();
        services.AddScoped<ITokenRequestValidator, VerifyPkce>();
        services.AddScoped<ITokenRequestValidator, RedeemRefreshToken>();
        services.AddScoped<ITokenRequestValidator, RequireActiveUser>();

        services.AddScoped<IAuthorizeRequestValidator, RequireKnownClient>();
        services.AddScoped<IAuthorizeRequestValidator, RequireRegisteredRedirectUri>();
        services.AddScoped<IAuthorizeRequestValidator, RequireCodeResponseType>();
        services.AddScoped<IAuthorizeRequestValidator, ValidateRequestedScopes>();
        services.AddScoped<IAuthorizeRequestValidator, RequirePkceS256>();
        services.AddScoped<IAuthorizeRequestValidator, LimitEchoedValues>();
    }
}
