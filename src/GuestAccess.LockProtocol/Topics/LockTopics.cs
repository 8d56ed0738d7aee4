using System.Diagnostics.CodeAnalysis;

namespace GuestAccess.LockProtocol.Topics;

/// <summary>The lock topic templates. Every topic string in the system comes from here.</summary>
public static class LockTopics
{
    /// <summary>The versioned prefix every lock topic starts with.</summary>
    public const string Root = "guestaccess/v1/locks/";

    /// <summary>Server → lock: signed commands (compact JWS). QoS 1, never retained.</summary>
    public static LockTopic Commands { get; } = new("commands", TopicDirection.ServerToLock, retained: false);

    /// <summary>Lock → server: <c>command_ack</c> / <c>command_rejected</c>. QoS 1, not retained.</summary>
    public static LockTopic Replies { get; } = new("replies", TopicDirection.LockToServer, retained: false);

    /// <summary>Lock → server: <c>event_batch</c> (entries, alarms). QoS 1, not retained.</summary>
    public static LockTopic Events { get; } = new("events", TopicDirection.LockToServer, retained: false);

    /// <summary>Lock → server: <c>status</c>, retained; the last will is an offline status.</summary>
    public static LockTopic Status { get; } = new("status", TopicDirection.LockToServer, retained: true);

    public static IReadOnlyList<LockTopic> All { get; } = [Commands, Replies, Events, Status];

    /// <summary>
    /// Splits a concrete topic (not a filter) into lock id and topic kind. Accepts exactly
    /// <c>guestaccess/v1/locks/{valid lock id}/{known name}</c> and nothing else.
    /// </summary>
    public static bool TryParse(
        string? topic,
        out LockId lockId,
        [NotNullWhen(true)] out LockTopic? kind)
    {
        lockId = default;
        kind = null;
        if (topic is null || !topic.StartsWith(Root, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = topic.AsSpan(Root.Length);
        var slash = rest.IndexOf('/');
        if (slash <= 0)
        {
            return false;
        }

        var name = rest[(slash + 1)..];
        foreach (var candidate in All)
        {
            if (name.SequenceEqual(candidate.Name) && LockId.TryParse(rest[..slash].ToString(), out lockId))
            {
                kind = candidate;
                return true;
            }
        }

        lockId = default;
        return false;
    }

    /// <summary>The lock id in a lock topic, if the topic is one.</summary>
    public static bool TryGetLockId(string? topic, out LockId lockId) => TryParse(topic, out lockId, out _);

    /// <summary>MQTT 5 share names must not contain '/', '+' or '#'; we allow a safe subset.</summary>
    public static bool IsValidShareGroup([NotNullWhen(true)] string? group)
    {
        if (string.IsNullOrEmpty(group) || group.Length > 64)
        {
            return false;
        }

        foreach (var c in group)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }
}
