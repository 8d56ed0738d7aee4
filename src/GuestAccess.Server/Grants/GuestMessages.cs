using System.Globalization;
using System.Text;
using GuestAccess.Domain.Doors;
using GuestAccess.Domain.Grants;
using GuestAccess.Server.Notifications;

namespace GuestAccess.Server.Grants;

/// <summary>
/// What a guest is told, Danish first and then English: their new key (the PIN goes only to
/// them, by SMS and e-mail; the mobile key by e-mail, as text and QR code), a changed key, a new
/// PIN, or that their access was revoked. Times are in the site's time zone.
/// </summary>
public static class GuestMessages
{
    private static readonly string[] DanishDays = ["søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"];

    public static IEnumerable<OutgoingNotification> KeyIssued(Guest guest, SiteLabel site, AccessGrant grant, IReadOnlyList<Door> doors, IssuedSecrets secrets) =>
        To(guest, grant, $"Din adgang til {site.Name} / Your access to {site.Name}", secrets.MobileKey, channel =>
            Greeting(guest) + $"Du har fået adgang til {site.Name}. / You have been given access to {site.Name}.\n\n"
            + Details(site, grant, doors)
            + $"PIN-kode / PIN: {secrets.Pin}\n"
            + MobileKeyLine(channel, secrets.MobileKey, guest.Email is not null)
            + Footer);

    public static IEnumerable<OutgoingNotification> KeyChanged(Guest guest, SiteLabel site, AccessGrant grant, IReadOnlyList<Door> doors, string? mobileKey) =>
        To(guest, grant, $"Din adgang til {site.Name} er ændret / Your access to {site.Name} has changed", mobileKey, channel =>
            Greeting(guest) + "Din adgang er ændret; PIN-koden er den samme. / Your access has changed; the PIN is the same.\n\n"
            + Details(site, grant, doors)
            + MobileKeyLine(channel, mobileKey, guest.Email is not null)
            + Footer);

    public static IEnumerable<OutgoingNotification> PinReissued(Guest guest, SiteLabel site, AccessGrant grant, string pin) =>
        To(guest, grant, $"Ny PIN-kode til {site.Name} / New PIN for {site.Name}", null, _ =>
            Greeting(guest) + $"Din nye PIN-kode / Your new PIN: {pin}\nDen gamle virker ikke længere. / The old one no longer works.\n" + Footer);

    public static IEnumerable<OutgoingNotification> KeyRevoked(Guest guest, SiteLabel site, AccessGrant grant) =>
        To(guest, grant, $"Din adgang til {site.Name} er trukket tilbage / Your access to {site.Name} has been revoked", null, _ =>
            Greeting(guest) + "Din PIN-kode og mobilnøgle virker ikke længere. / Your PIN and mobile key no longer work.\n" + Footer);

    private const string Footer = "\nAarhus Kommunes Biblioteker";

    private static IEnumerable<OutgoingNotification> To(Guest guest, AccessGrant grant, string subject, string? mobileKey, Func<NotificationChannel, string> text)
    {
        if (guest.Phone is { } phone)
        {
            yield return new OutgoingNotification(grant.SiteId, guest.Id, grant.Id, NotificationChannel.Sms, phone, subject, new NotificationBody(text(NotificationChannel.Sms), null));
        }

        if (guest.Email is { } email)
        {
            yield return new OutgoingNotification(grant.SiteId, guest.Id, grant.Id, NotificationChannel.Email, email, subject, new NotificationBody(text(NotificationChannel.Email), mobileKey));
        }
    }

    private static string Greeting(Guest guest) => $"Hej {guest.Name} / Hello {guest.Name}\n\n";

    private static string Details(SiteLabel site, AccessGrant grant, IReadOnlyList<Door> doors)
    {
        var zone = site.TimeZone;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Døre / Doors: {string.Join(", ", doors.OrderBy(d => d.Kind).ThenBy(d => d.Name, StringComparer.Ordinal).Select(d => d.Name))}\n");
        text.Append(CultureInfo.InvariantCulture, $"Gyldig / Valid: {Local(grant.ValidFrom, zone)} – {Local(grant.ValidUntil, zone)}\n");
        if (grant.Schedule is { } schedule)
        {
            text.Append(CultureInfo.InvariantCulture, $"Kun / Only: {string.Join(", ", schedule.Windows.Select(w => $"{DanishDays[(int)w.Day]} ({w.Day}) {w.Start:HH\\:mm}–{w.End:HH\\:mm}"))}\n");
        }

        return text.Append('\n').ToString();
    }

    private static string MobileKeyLine(NotificationChannel channel, string? mobileKey, bool hasEmail) =>
        mobileKey is null ? string.Empty : channel switch
        {
            NotificationChannel.Email => $"\nMobilnøgle (vis QR-koden i vedhæftningen ved døren) / Mobile key (show the attached QR code at the door):\n{mobileKey}\n",
            NotificationChannel.Sms => hasEmail ? "Mobilnøglen er sendt på e-mail. / The mobile key was sent by e-mail.\n" : string.Empty,
        };

    private static string Local(DateTimeOffset instant, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(instant, zone).ToString("dd-MM-yyyy HH:mm", CultureInfo.InvariantCulture);
}
