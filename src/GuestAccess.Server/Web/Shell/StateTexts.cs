using GuestAccess.Domain.Bookings;
using GuestAccess.Domain.Doors;
using GuestAccess.Domain.Entries;
using GuestAccess.Domain.Locks;
using GuestAccess.Server.Grants;

namespace GuestAccess.Server.Web.Shell;

/// <summary>
/// States as people read them, in both languages, with the DKFDS badge that goes with each.
/// The text always carries the meaning; the colour only repeats it.
/// </summary>
public static class StateTexts
{
    public static (string Text, string Badge) Door(WebText l, DoorReadiness state) => state switch
    {
        DoorReadiness.Pending => (l.T("Afventer låsen", "Waiting for the lock"), "badge-info"),
        DoorReadiness.Ready => (l.T("Klar", "Ready"), "badge-success"),
        DoorReadiness.Failed => (l.T("Fejlet", "Failed"), "badge-error"),
        DoorReadiness.Removed => (l.T("Fjernet", "Removed"), "badge-warning"),
    };

    public static string Key(WebText l, KeyReadiness state) => state switch
    {
        KeyReadiness.Pending => l.T("Nøglen er på vej til låsene.", "The key is on its way to the locks."),
        KeyReadiness.Ready => l.T("Nøglen er klar ved alle døre.", "The key is ready at every door."),
        KeyReadiness.Failed => l.T("Nøglen kunne ikke sendes til alle døre. Få en ny pinkode, eller kontakt biblioteket.", "The key could not reach every door. Get a new PIN, or contact the library."),
        KeyReadiness.Removed => l.T("Nøglen er fjernet fra låsene.", "The key has been removed from the locks."),
    };

    public static string Booking(WebText l, BookingStatus status) => status switch
    {
        BookingStatus.Confirmed => l.T("Bekræftet", "Confirmed"),
        BookingStatus.Cancelled => l.T("Aflyst", "Cancelled"),
    };

    public static string DoorKind(WebText l, DoorKind kind) => kind switch
    {
        Domain.Doors.DoorKind.Entrance => l.T("indgang", "entrance"),
        Domain.Doors.DoorKind.Room => l.T("lokalets dør", "room door"),
    };

    public static (string Text, string Badge) Outcome(WebText l, EntryOutcome? outcome) => outcome switch
    {
        EntryOutcome.Granted => (l.T("Åbnet", "Granted"), "badge-success"),
        EntryOutcome.Denied => (l.T("Afvist", "Denied"), "badge-error"),
        null => (l.T("Hændelse", "Event"), "badge-info"),
    };

    public static string Method(WebText l, EntryMethod? method) => method switch
    {
        EntryMethod.Pin => l.T("Pinkode", "PIN"),
        EntryMethod.MobileKey => l.T("Mobilnøgle", "Mobile key"),
        EntryMethod.RemoteUnlock => l.T("Fjernåbning", "Remote unlock"),
        null => "–",
    };

    public static string Reason(WebText l, DenialReason? reason) => reason is { } r ? Reason(l, r) : string.Empty;

    public static string Reason(WebText l, DenialReason reason) => reason switch
    {
        DenialReason.UnknownCredential => l.T("Ukendt nøgle", "Unknown key"),
        DenialReason.NotYetValid => l.T("Nøglen gælder ikke endnu", "The key is not valid yet"),
        DenialReason.Expired => l.T("Nøglen er udløbet", "The key has expired"),
        DenialReason.Revoked => l.T("Nøglen er tilbagekaldt", "The key was revoked"),
        DenialReason.OutsideSchedule => l.T("Uden for tidsplanen", "Outside the schedule"),
        DenialReason.WrongPin => l.T("Forkert pinkode", "Wrong PIN"),
        DenialReason.LockedOut => l.T("Tastaturet er spærret efter for mange forsøg", "The keypad is locked after too many attempts"),
        DenialReason.Lockdown => l.T("Stedet er lukket ned (nødstop)", "The site is locked down (emergency)"),
        DenialReason.InvalidCredential => l.T("Ugyldig mobilnøgle", "Invalid mobile key"),
        DenialReason.WrongDoor => l.T("Nøglen gælder ikke denne dør", "The key is not for this door"),
    };

    public static string EventKind(WebText l, LockEventKind kind) => kind switch
    {
        LockEventKind.EntryAttempt => l.T("Adgangsforsøg", "Entry attempt"),
        LockEventKind.DoorForced => l.T("Døren brudt op", "Door forced"),
        LockEventKind.DoorHeldOpen => l.T("Døren holdt åben", "Door held open"),
        LockEventKind.Tamper => l.T("Manipulation", "Tamper"),
        LockEventKind.BatteryLow => l.T("Lavt batteri", "Battery low"),
        LockEventKind.CommandRejected => l.T("Kommando afvist", "Command rejected"),
        LockEventKind.ClockSkew => l.T("Uret går forkert", "Clock skew"),
        LockEventKind.Rebooted => l.T("Genstartet", "Restarted"),
        LockEventKind.EventsDropped => l.T("Hændelser tabt", "Events dropped"),
    };

    public static (string Text, string Badge) Connectivity(WebText l, LockConnectivity state) => state switch
    {
        LockConnectivity.Online => (l.T("Online", "Online"), "badge-success"),
        LockConnectivity.Offline => (l.T("Offline", "Offline"), "badge-error"),
        LockConnectivity.Unknown => (l.T("Ukendt", "Unknown"), "badge-info"),
    };

    public static string Lifecycle(WebText l, LockLifecycle state) => state switch
    {
        LockLifecycle.Registered => l.T("Registreret (ikke klargjort)", "Registered (not provisioned)"),
        LockLifecycle.Provisioned => l.T("Klargjort", "Provisioned"),
        LockLifecycle.Decommissioned => l.T("Taget ud af drift", "Decommissioned"),
    };

    /// <summary>Whether a lock has what the server wants it to have, in words.</summary>
    public static (string Text, string Badge) Sync(WebText l, bool inSync, int pending, string? failure) =>
        inSync && pending == 0 ? (l.T("Opdateret", "In sync"), "badge-success")
        : failure is not null ? (l.T($"{pending} ændringer venter ({failure})", $"{pending} changes waiting ({failure})"), "badge-warning")
        : (l.T($"{pending} ændringer på vej", $"{pending} changes on their way"), "badge-info");

    /// <summary>How a remote unlock went.</summary>
    public static (string Text, string Badge) RemoteUnlock(WebText l, string state) => state switch
    {
        "applied" => (l.T("Døren er åbnet", "The door was opened"), "badge-success"),
        "failed" => (l.T("Fejlet", "Failed"), "badge-error"),
        "expired" => (l.T("Udløbet: låsen svarede ikke i tide", "Expired: the lock did not answer in time"), "badge-warning"),
        _ => (l.T("Sendt til låsen, afventer svar", "Sent to the lock, waiting for its answer"), "badge-info"),
    };

    public static string Equipment(WebText l, Domain.Rooms.RoomEquipment item) => item switch
    {
        Domain.Rooms.RoomEquipment.HearingLoop => l.T("Teleslynge", "Hearing loop"),
        Domain.Rooms.RoomEquipment.WheelchairAccess => l.T("Handicapvenlig adgang", "Wheelchair access"),
        Domain.Rooms.RoomEquipment.Projector => l.T("Projektor", "Projector"),
        Domain.Rooms.RoomEquipment.Screen => l.T("Skærm", "Screen"),
        Domain.Rooms.RoomEquipment.Whiteboard => l.T("Whiteboard", "Whiteboard"),
        Domain.Rooms.RoomEquipment.VideoConference => l.T("Videomøde", "Video conference"),
        Domain.Rooms.RoomEquipment.SoundSystem => l.T("Lydanlæg", "Sound system"),
        Domain.Rooms.RoomEquipment.Kitchenette => l.T("Tekøkken", "Kitchenette"),
        _ => item.ToString(),
    };

    public static string Grant(WebText l, Domain.Grants.GrantStatus status) => status switch
    {
        Domain.Grants.GrantStatus.Active => l.T("Aktiv", "Active"),
        Domain.Grants.GrantStatus.Revoked => l.T("Tilbagekaldt", "Revoked"),
        Domain.Grants.GrantStatus.Expired => l.T("Udløbet", "Expired"),
    };

    public static string Opening(WebText l, Domain.Sites.OpeningKind kind) => kind switch
    {
        Domain.Sites.OpeningKind.Staffed => l.T("betjent", "staffed"),
        Domain.Sites.OpeningKind.SelfService => l.T("selvbetjent", "self-service"),
        Domain.Sites.OpeningKind.BuildingOnly => l.T("kun bygningen", "building only"),
    };

    public static string Role(WebText l, Domain.Identity.Role role) => role switch
    {
        Domain.Identity.Role.Citizen => l.T("Borger", "Citizen"),
        Domain.Identity.Role.Caretaker => l.T("Pedel", "Caretaker"),
        Domain.Identity.Role.Auditor => l.T("Revisor", "Auditor"),
        Domain.Identity.Role.Admin => l.T("Administrator", "Administrator"),
    };
}
