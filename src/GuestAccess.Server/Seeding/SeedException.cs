namespace GuestAccess.Server.Seeding;

/// <summary>A seed file is malformed or breaks a rule; the message names the file and line.</summary>
public sealed class SeedException(string file, int line, string message, Exception? inner = null)
    : Exception($"{file}:{line}: {message}", inner)
{
    public string File { get; } = file;

    public int Line { get; } = line;
}
