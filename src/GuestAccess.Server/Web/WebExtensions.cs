using GuestAccess.Server.Identity.Accounts.Pages;
using GuestAccess.Server.Identity.Web;
using GuestAccess.Server.Web.Shell;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApplicationParts;

namespace GuestAccess.Server.Web;

/// <summary>
/// The web UI: server-rendered Razor Pages (folder <c>Web/Pages</c>) on Det Fælles Designsystem,
/// Danish first with an English switch. People sign in through identity's web sign-in
/// (<see cref="WebSignIn"/>: code + PKCE at the token service, cookie session <c>ga.web</c>).
/// </summary>
public static class WebExtensions
{
    public static WebApplicationBuilder AddWebUi(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddRazorPages(o =>
        {
            o.RootDirectory = "/Web/Pages";
            o.Conventions.AuthorizeFolder("/Citizen", WebPolicies.Citizen);
            o.Conventions.AuthorizeFolder("/Caretaker", WebPolicies.Caretaker);
            o.Conventions.AuthorizeFolder("/Auditor", WebPolicies.Auditor);
            o.Conventions.AuthorizeFolder("/Admin", WebPolicies.Admin);
        }).ConfigureApplicationPartManager(parts =>
        {
            // The pages are compiled into this assembly; MVC looks only in the entry assembly,
            // which is a test host when the server runs inside tests.
            var server = typeof(WebExtensions).Assembly;
            if (!parts.ApplicationParts.Any(p => p.Name == server.GetName().Name))
            {
                foreach (var part in ApplicationPartFactory.GetApplicationPartFactory(server).GetApplicationParts(server))
                {
                    parts.ApplicationParts.Add(part);
                }
            }
        });
        services.AddScoped<WebText>();
        services.AddScoped<Citizen.RoomFinder>();
        services.AddScoped<Caretaker.CaretakerSites>();
        services.AddScoped<Auditor.AuditedPlaces>();
        services.Configure<CookieTempDataProviderOptions>(o =>
        {
            // Carries a just-issued PIN from the post to the page that shows it once (encrypted).
            o.Cookie.Name = "ga.flash";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Cookie.IsEssential = true;
        });
        services.AddAuthorization(WebPolicies.Add);
        return builder;
    }

    /// <summary>Static files, then for web pages: error pages, security headers and the web session.</summary>
    public static WebApplication UseWebUi(this WebApplication app)
    {
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl =
                context.Context.Request.Query.ContainsKey("v") ? "public, max-age=31536000, immutable" : "public, max-age=3600",
        });
        // Error statuses of web pages are shown by the error page (re-executed); the API keeps its
        // problem details (the outer status code pages), so the feature is switched off for it here.
        // (Registered on the app itself, not in a branch: re-execution needs the app's routing.)
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.Use((http, next) =>
        {
            if (!WebUrls.IsPage(http) && http.Features.Get<IStatusCodePagesFeature>() is { } pages)
            {
                pages.Enabled = false;
            }

            return next(http);
        });
        app.UseWhen(WebUrls.IsPage, web =>
        {
            web.Use(WebResponses.SecurityHeadersAsync);
            web.Use(WebResponses.CatchAsync);
            web.Use(async (http, next) =>
            {
                // Who is signed in, for every page (public ones show the name and the sign-out button).
                var session = await http.AuthenticateAsync(WebSignIn.Scheme);
                if (session.Succeeded)
                {
                    http.User = session.Principal;
                }

                await next(http);
            });
        });
        return app;
    }

    public static WebApplication MapWebUi(this WebApplication app)
    {
        app.MapRazorPages();
        app.MapGet("/language/{code}", (string code, string? returnUrl, HttpContext http) =>
        {
            http.Response.Cookies.Append(PageLanguage.CookieName, code == "en" ? "en" : "da", new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
                Secure = http.Request.IsHttps,
                MaxAge = TimeSpan.FromDays(365),
                IsEssential = true,
            });
            return Results.Redirect(WebUrls.LocalOrHome(returnUrl));
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}
