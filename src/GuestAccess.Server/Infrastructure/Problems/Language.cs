using Microsoft.Net.Http.Headers;

namespace GuestAccess.Server.Infrastructure.Problems;

/// <summary>Danish first: English only when the caller's first language preference is English.</summary>
public static class Language
{
    public static bool PrefersEnglish(HttpRequest request)
    {
        if (!StringWithQualityHeaderValue.TryParseList(request.Headers.AcceptLanguage, out var languages) || languages.Count == 0)
        {
            return false;
        }

        var best = languages.OrderByDescending(l => l.Quality ?? 1).First().Value.Value ?? string.Empty;
        return best.StartsWith("en", StringComparison.OrdinalIgnoreCase);
    }
}
