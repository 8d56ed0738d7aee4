using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace GuestAccess.Server.Identity.Accounts.Pages;

/// <summary>
/// The token service's pages: plain, semantic, server-rendered HTML that needs no JavaScript
/// (labels on every field, an error summary linking to the fields, a language switch), in the
/// markup of Det Fælles Designsystem with the web UI's stylesheet (<c>/lib/dkfds</c>, see Web/).
/// </summary>
public static class HtmlPage
{
    // Danish letters stay readable; markup characters are still encoded.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string Encode(string? text) => Encoder.Encode(text ?? string.Empty);

    public static IResult Render(PageLanguage language, string title, string body, string switchHref, int status = 200)
    {
        var html = new StringBuilder();
        html.Append(System.Globalization.CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html>
            <html lang="{language.Code}">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="referrer" content="no-referrer">
            <title>{Encode(title)} – GuestAccess</title>
            <link rel="icon" href="/favicon.svg" type="image/svg+xml">
            <link rel="stylesheet" href="/lib/dkfds/css/dkfds.min.css?v=11.2.0">
            <link rel="stylesheet" href="/css/site.css">
            </head>
            <body>
            <a class="skipnav" href="#main">{language.T("Gå til sidens indhold", "Skip to main content")}</a>
            <header class="header">
            <div class="portal-info"><div class="portal-info-inner container">
            <a href="/" class="portal-name">{language.T("Aarhus Kommunes Biblioteker", "Aarhus Public Libraries")}</a>
            <nav class="portal-actions" aria-label="{language.T("Sprog", "Language")}"><a class="function-link" href="{Encode(switchHref)}" lang="{(language.English ? "da" : "en")}">{(language.English ? "Dansk" : "English")}</a></nav>
            </div></div>
            <div class="solution-info"><div class="solution-info-inner container"><div class="solution-heading"><a href="/">GuestAccess – {language.T("log ind", "sign in")}</a></div></div></div>
            </header>
            <main id="main" tabindex="-1"><div class="container page-container"><div class="row"><div class="col-12 col-md-8 col-lg-6">
            <h1>{Encode(title)}</h1>
            {body}
            </div></div></div></main>
            <footer><div class="footer"><div class="container">
            <p><a class="function-link" href="/accessibility">{language.T("Tilgængelighedserklæring", "Accessibility statement")}</a></p>
            </div></div></footer>
            </body>
            </html>
            """);
        return Results.Content(html.ToString(), "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    /// <summary>An error summary (role=alert) whose items link to the fields in error.</summary>
    public static string ErrorSummary(PageLanguage language, IReadOnlyList<(string Field, string Message)> errors)
    {
        if (errors.Count == 0)
        {
            return string.Empty;
        }

        var items = string.Concat(errors.Select(e => e.Field.Length > 0
            ? $"<li><a href=\"#{e.Field}\">{Encode(e.Message)}</a></li>"
            : $"<li>{Encode(e.Message)}</li>"));
        return $"""
            <div class="error-summary alert alert-error" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
            <div class="alert-body">
            <h2 class="alert-heading" id="error-summary-title">{language.T("Der er et problem", "There is a problem")}</h2>
            <ul class="alert-text nobullet-list">{items}</ul>
            </div>
            </div>
            """;
    }

    /// <summary>A labelled input; in error it says so (aria-invalid) and names its message (aria-describedby).</summary>
    public static string Field(string id, string label, string type, string? value, string autocomplete, IReadOnlyList<(string Field, string Message)> errors, string extra = "")
    {
        var error = errors.FirstOrDefault(e => e.Field == id).Message;
        var describedBy = error is null ? string.Empty : $" aria-invalid=\"true\" aria-describedby=\"{id}-error\"";
        var message = error is null ? string.Empty : $"<span class=\"field-error form-error-message\" id=\"{id}-error\">{Encode(error)}</span>";
        var valueAttribute = value is null ? string.Empty : $" value=\"{Encode(value)}\"";
        return $"""
            <div class="field form-group{(error is null ? string.Empty : " form-error")}">
            <label class="form-label" for="{id}">{Encode(label)}</label>
            {message}<input id="{id}" name="{id}" type="{type}" class="form-input" autocomplete="{autocomplete}"{valueAttribute}{describedBy}{extra}>
            </div>
            """;
    }

    public static string Hidden(string name, string? value) => $"<input type=\"hidden\" name=\"{Encode(name)}\" value=\"{Encode(value)}\">";

    /// <summary>The current URL with <c>lang</c> switched.</summary>
    public static string SwitchHref(HttpRequest request, PageLanguage language)
    {
        var query = request.Query.Where(q => q.Key != "lang").SelectMany(q => q.Value.Select(v => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(v ?? string.Empty)}"));
        var other = language.English ? "da" : "en";
        return $"{request.PathBase}{request.Path}?{string.Join('&', query.Append($"lang={other}"))}";
    }
}
