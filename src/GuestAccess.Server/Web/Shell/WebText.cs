using System.Globalization;
using GuestAccess.Server.Identity.Accounts.Pages;

namespace GuestAccess.Server.Web.Shell;

/// <summary>
/// The language of a web page (scoped per request): Danish unless the visitor chose English with
/// the switch (cookie <see cref="PageLanguage.CookieName"/>) or the URL says <c>?lang=en</c>.
/// Every text on a page comes in both languages side by side: <c>L.T("Dansk", "English")</c>.
/// Times are shown in the site's zone (Europe/Copenhagen) in the page's language.
/// </summary>
public sealed class WebText
{
    public static readonly CultureInfo Danish = CultureInfo.GetCultureInfo("da-DK");
    public static readonly CultureInfo British = CultureInfo.GetCultureInfo("en-GB");
    public static readonly TimeZoneInfo Copenhagen = TimeZoneInfo.FindSystemTimeZoneById("Europe/Copenhagen");

    public WebText(IHttpContextAccessor accessor)
    {
        var request = accessor.HttpContext?.Request;
        var chosen = request?.Query["lang"].ToString() is { Length: > 0 } query ? query : request?.Cookies[PageLanguage.CookieName];
        English = chosen is not null && chosen.StartsWith("en", StringComparison.OrdinalIgnoreCase);
    }

    public bool English { get; }

    /// <summary>The page's <c>lang</c>: "da" or "en".</summary>
    public string Code => English ? "en" : "da";

    /// <summary>The other language's code, for the switch.</summary>
    public string OtherCode => English ? "da" : "en";

    public CultureInfo Culture => English ? British : Danish;

    public string T(string danish, string english) => English ? english : danish;

    /// <summary>A local date and time, e.g. "fredag den 27. november 2026 kl. 18:00" / "Friday 27 November 2026, 18:00".</summary>
    public string DateTime(DateTimeOffset instant, TimeZoneInfo? zone = null) =>
        Local(instant, zone).ToString(English ? "dddd d MMMM yyyy, HH':'mm" : "dddd 'den' d. MMMM yyyy 'kl.' HH':'mm", Culture);

    /// <summary>A short local date and time: "27. nov. 2026 18:00" / "27 Nov 2026 18:00".</summary>
    public string Short(DateTimeOffset instant, TimeZoneInfo? zone = null) =>
        Local(instant, zone).ToString(English ? "d MMM yyyy HH':'mm" : "d. MMM yyyy HH':'mm", Culture);

    /// <summary>A local date: "fredag 27. november 2026" / "Friday 27 November 2026".</summary>
    public string Date(DateOnly date) => date.ToString(English ? "dddd d MMMM yyyy" : "dddd d. MMMM yyyy", Culture);

    /// <summary>A wall-clock time: "18:00".</summary>
    public string Clock(DateTimeOffset instant, TimeZoneInfo? zone = null) => Local(instant, zone).ToString("HH:mm", CultureInfo.InvariantCulture);

    public string Clock(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);

    public string Number(double value, int decimals = 0) => value.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), Culture);

    private static DateTime Local(DateTimeOffset instant, TimeZoneInfo? zone) => TimeZoneInfo.ConvertTime(instant, zone ?? Copenhagen).DateTime;
}
