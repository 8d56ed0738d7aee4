using GuestAccess.Server.Locks.Broker;

namespace GuestAccess.Server.Locks.Provisioning;

/// <summary>
/// The server's own password for an external broker, in a file (mode 0600) rather than in
/// configuration: <c>locks mosquitto-config</c> creates it when missing and puts its hash into
/// the Mosquitto password file; the server reads it in External mode.
/// </summary>
internal static class ServerPasswordFile
{
    public const string DefaultName = "mqtt-server.secret";

    public static string ReadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            var existing = File.ReadAllText(path).Trim();
            if (existing.Length > 0)
            {
                return existing;
            }
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var secret = BrokerPassword.NewSecret();
        SecretFile.Write(path, secret + "\n");
        return secret;
    }
}

/// <summary>Writes a file only its owner can read (secrets: bundles, passwords).</summary>
internal static class SecretFile
{
    public static void Write(string path, string contents)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, contents);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
