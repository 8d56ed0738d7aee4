using System.Text;
using GuestAccess.LockProtocol.Topics;

namespace GuestAccess.Server.Locks.Provisioning;

/// <summary>One broker user for the generated files: its name and its stored password hash.</summary>
internal sealed record MosquittoUser(string Username, string PasswordHash);

/// <summary>
/// The external-broker equivalent of the embedded broker's hooks, for Mosquitto 2.0: a password
/// file (<c>user:$7$…</c>, the hashes exactly as stored) and an ACL file (the server reads every
/// lock's replies, events and status and writes every lock's commands; each lock, by
/// <c>pattern … %u</c>, reads only its own commands and writes only its own replies, events and
/// status). Mosquitto's ACL cannot restrict the retain flag; the server ignores retained copies
/// on replies and events, and commands from the server are never retained.
/// </summary>
internal static class MosquittoConfig
{
    public const string PasswordFileName = "passwd";
    public const string AclFileName = "acl";
    public const string ConfigFileName = "guestaccess.conf";

    public static string PasswordFile(MosquittoUser server, IEnumerable<MosquittoUser> locks)
    {
        var text = new StringBuilder();
        foreach (var user in locks.Prepend(server))
        {
            text.Append(user.Username).Append(':').Append(user.PasswordHash).Append('\n');
        }

        return text.ToString();
    }

    public static string AclFile(string serverUsername, string shareGroup)
    {
        var text = new StringBuilder()
            .Append("# GuestAccess lock fleet ACL, written by 'GuestAccess.Server locks mosquitto-config'. Do not edit; regenerate.\n\n")
            .Append("# The server: commands to every lock; replies, events and status from every lock.\n")
            .Append("user ").Append(serverUsername).Append('\n')
            .Append("topic write ").Append(LockTopics.Commands.AllLocksFilter).Append('\n');
        foreach (var topic in new[] { LockTopics.Replies, LockTopics.Events, LockTopics.Status })
        {
            text.Append("topic read ").Append(topic.AllLocksFilter).Append('\n');
        }

        text.Append("topic read ").Append(LockTopics.Events.SharedFilter(shareGroup)).Append('\n');

        text.Append("\n# Every lock (user name = lock id): its own topics only.\n")
            .Append("pattern read ").Append(LockTopics.Root).Append("%u/").Append(LockTopics.Commands.Name).Append('\n');
        foreach (var topic in new[] { LockTopics.Replies, LockTopics.Events, LockTopics.Status })
        {
            text.Append("pattern write ").Append(LockTopics.Root).Append("%u/").Append(topic.Name).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>A fragment to include from mosquitto.conf (<c>include_dir</c>): no anonymous clients, these files.</summary>
    public static string ConfigFragment(string directory) =>
        "# GuestAccess lock fleet, written by 'GuestAccess.Server locks mosquitto-config'.\n"
        + "allow_anonymous false\n"
        + $"password_file {Path.Combine(directory, PasswordFileName)}\n"
        + $"acl_file {Path.Combine(directory, AclFileName)}\n";
}
