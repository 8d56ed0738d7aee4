using GuestAccess.Server.Infrastructure.Problems;

namespace GuestAccess.Server.Identity.Accounts.Pages;

/// <summary>
/// Danish first; English when asked for with <c>lang=en</c>, <c>ui_locales=en</c>, the web UI's
/// language switch (cookie <see cref="CookieName"/>) or Accept-Language, in that order.
/// </summary>
public sealed record PageLanguage(bool English)
{
    public static readonly PageLanguage Danish = new(false);

    /// <summary>The language chosen with the web UI's switch ("da" or "en").</summary>
    public const string CookieName = "ga.lang";

    public string Code => English ? "en" : "da";

    public static PageLanguage Of(HttpRequest request, string? lang = null)
    {
        lang ??= request.Query["lang"].ToString();
        // A form already read (never read here: that would block on the body).
        if (lang.Length == 0 && request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IFormFeature>()?.Form is { } form && form.TryGetValue("lang", out var posted))
        {
            lang = posted.ToString();
        }

        if (lang.Length == 0 && request.Cookies[CookieName] is { Length: > 0 } chosen)
        {
            lang = chosen;
        }

        return lang.Length > 0
            ? new PageLanguage(lang.StartsWith("en", StringComparison.OrdinalIgnoreCase))
            : new PageLanguage(Language.PrefersEnglish(request));
    }

    /// <summary>Picks the Danish or the English text.</summary>
    public string T(string danish, string english) => English ? english : danish;
}
