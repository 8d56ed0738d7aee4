namespace GuestAccess.LockProtocol;

/// <summary>The schema version every message carries in its <c>"v"</c> field.</summary>
public static class ProtocolVersion
{
    /// <summary>The version this library writes and the only one it reads.</summary>
    public const int Current = 1;

    /// <summary>The versions a controller built on this library understands (reported in its status).</summary>
    public static IReadOnlyList<int> Supported { get; } = [Current];
}
