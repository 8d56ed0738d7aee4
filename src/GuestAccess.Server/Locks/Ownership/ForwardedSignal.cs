namespace GuestAccess.Server.Locks.Ownership;

/// <summary>What one instance tells the others about locks (over PostgreSQL NOTIFY).</summary>
internal enum FleetSignal
{
    /// <summary>Outbox rows for these locks committed: their owner should deliver them.</summary>
    OutboxCommitted,

    /// <summary>These locks were provisioned or decommissioned: every instance reloads them.</summary>
    LockChanged,
}

/// <summary>
/// The NOTIFY payload: <c>c:</c> or <c>l:</c> and comma-separated lock ids. At most
/// <see cref="MaxLocks"/> ids (PostgreSQL caps a payload at 8,000 bytes).
/// </summary>
internal static class ForwardedSignal
{
    public const string Channel = "guestaccess_fleet";
    public const int MaxLocks = 200;

    public static string Format(FleetSignal signal, IEnumerable<Guid> lockIds) =>
        (signal == FleetSignal.OutboxCommitted ? "c:" : "l:") + string.Join(',', lockIds.Select(id => id.ToString("N")));

    public static bool TryParse(string payload, out FleetSignal signal, out List<Guid> lockIds)
    {
        lockIds = [];
        signal = FleetSignal.OutboxCommitted;
        if (payload.Length < 2 || payload[1] != ':' || payload[0] is not ('c' or 'l'))
        {
            return false;
        }

        signal = payload[0] == 'c' ? FleetSignal.OutboxCommitted : FleetSignal.LockChanged;
        foreach (var part in payload[2..].Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Guid.TryParseExact(part, "N", out var id) || lockIds.Count >= MaxLocks)
            {
                return false;
            }

            lockIds.Add(id);
        }

        return lockIds.Count > 0;
    }
}
