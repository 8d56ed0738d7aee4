namespace GuestAccess.Server.Grants;

/// <summary>Log events of bookings and keys (ids 6000-6099): ids and counts only, never PINs, tokens or personal data.</summary>
internal static partial class KeysLog
{
    [LoggerMessage(6000, LogLevel.Information, "Key lifecycle: expired {Expired} grants, anonymised {Anonymised} guests")]
    public static partial void LifecycleRan(ILogger logger, int expired, int anonymised);

    [LoggerMessage(6001, LogLevel.Error, "A key lifecycle run failed; it is retried at the next interval")]
    public static partial void LifecycleFailed(ILogger logger, Exception exception);
}
