using System.Globalization;
using GuestAccess.Domain.Entries;

namespace GuestAccess.Server.Audit.Queries;

/// <summary>Why an entry was refused, in Danish and English, from the lock's reason code and the grant as it stood.</summary>
internal static class DenialExplanations
{
    public static (string Danish, string English) Explain(EntryEvent entry, GrantAtTheTimeView? grant, TimeZoneInfo zone, int wrongPinsBefore)
    {
        string Local(DateTimeOffset t) => TimeZoneInfo.ConvertTime(t, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var at = Local(entry.OccurredAt);
        if (entry.Outcome != EntryOutcome.Denied)
        {
            return entry.Kind == LockEventKind.EntryAttempt
                ? ($"Adgangen blev givet kl. {at}; den blev ikke afvist.", $"Entry was granted at {at}; it was not denied.")
                : ($"Hændelsen er ikke et adgangsforsøg ({entry.Kind}).", $"The event is not an entry attempt ({entry.Kind}).");
        }

        return entry.DenialReason switch
        {
            DenialReason.UnknownCredential => ("Låsen kendte ikke nøglen eller koden (ikke udstedt til denne dør, eller låsen havde endnu ikke modtaget den).",
                "The lock did not know the credential (not issued for this door, or the lock had not received it yet)."),
            DenialReason.InvalidCredential => ("Mobilnøglen var ugyldig: forkert format eller signatur.", "The mobile key was invalid: malformed or badly signed."),
            DenialReason.WrongDoor => ("Mobilnøglen gælder ikke denne dør.", "The mobile key is not valid for this door."),
            DenialReason.NotYetValid => ($"Adgangen gjaldt først fra {(grant is null ? "et senere tidspunkt" : Local(grant.ValidFrom))}; forsøget var kl. {at}.",
                $"The access was valid only from {(grant is null ? "a later time" : Local(grant.ValidFrom))}; the attempt was at {at}."),
            DenialReason.Expired => ($"Adgangen udløb {(grant is null ? "før forsøget" : Local(grant.ValidUntil))}; forsøget var kl. {at}.",
                $"The access expired {(grant is null ? "before the attempt" : "at " + Local(grant.ValidUntil))}; the attempt was at {at}."),
            DenialReason.Revoked => grant?.RevokedAt is { } revoked
                ? ($"Adgangen blev tilbagekaldt {Local(revoked)} ({grant.RevokeReason}); forsøget var kl. {at}.", $"The access was revoked at {Local(revoked)} ({grant.RevokeReason}); the attempt was at {at}.")
                : ("Adgangen var tilbagekaldt.", "The access had been revoked."),
            DenialReason.OutsideSchedule => ($"Forsøget kl. {at} lå uden for adgangens ugeskema ({string.Join(", ", grant?.Schedule ?? [])}).",
                $"The attempt at {at} was outside the access's weekly schedule ({string.Join(", ", grant?.Schedule ?? [])})."),
            DenialReason.WrongPin => ("Forkert PIN-kode: koden passede ikke til nogen adgang på låsen.", "Wrong PIN: the code matched no access stored on the lock."),
            DenialReason.LockedOut => ($"Tastaturet var spærret efter for mange forkerte koder ({wrongPinsBefore} forkerte i de 5 minutter før).",
                $"The keypad was locked after too many wrong PINs ({wrongPinsBefore} wrong in the 5 minutes before)."),
            DenialReason.Lockdown => ("Stedet var låst ned (nødspærring): al adgang var stoppet.", "The site was in lockdown (emergency): all access was stopped."),
            null => ("Låsen angav ingen årsag.", "The lock gave no reason."),
        };
    }
}
