using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace GuestAccess.FirmwareSim.Device;

/// <summary>
/// One lock's non-volatile storage: a directory with <c>credentials.json</c> and
/// <c>journal.json</c>. Every write goes to a temporary file that is flushed to disk (fsync) and
/// then renamed over the old one, so a power cut at any moment leaves either the old or the new
/// file, never a torn one. Callers serialize writes (one lock, one writer).
/// </summary>
internal sealed class DeviceStateStore(string directory, bool flushToDisk = true)
{
    private const string CredentialsFile = "credentials.json";
    private const string JournalFile = "journal.json";

    public string Directory { get; } = directory;

    public async Task<(DeviceCredentials Credentials, DeviceJournal Journal, bool Existed)> LoadAsync(CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var credentials = await ReadAsync(CredentialsFile, DeviceStateJson.Default.DeviceCredentials, cancellationToken).ConfigureAwait(false);
        var journal = await ReadAsync(JournalFile, DeviceStateJson.Default.DeviceJournal, cancellationToken).ConfigureAwait(false);
        if (credentials is { FormatVersion: not DeviceCredentials.Format } || journal is { FormatVersion: not DeviceJournal.Format })
        {
            throw new InvalidDataException($"The state in {Directory} was written by another simulator version.");
        }

        return (credentials ?? DeviceCredentials.Empty, journal ?? DeviceJournal.Empty, credentials is not null || journal is not null);
    }

    public Task SaveAsync(DeviceCredentials credentials, CancellationToken cancellationToken) =>
        WriteAsync(CredentialsFile, JsonSerializer.SerializeToUtf8Bytes(credentials, DeviceStateJson.Default.DeviceCredentials), cancellationToken);

    public Task SaveAsync(DeviceJournal journal, CancellationToken cancellationToken) =>
        WriteAsync(JournalFile, JsonSerializer.SerializeToUtf8Bytes(journal, DeviceStateJson.Default.DeviceJournal), cancellationToken);

    private async Task<T?> ReadAsync<T>(string name, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        var path = Path.Combine(Directory, name);
        if (!File.Exists(path))
        {
            return null;
        }

        var stream = File.OpenRead(path);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                return await JsonSerializer.DeserializeAsync(stream, typeInfo, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidDataException($"{path} is empty.");
            }
            catch (JsonException ex)
            {
                // Never silently start from scratch: that would forget credentials, counters and events.
                throw new InvalidDataException($"{path} is not a valid state file ({ex.Path}).", ex);
            }
        }
    }

    private async Task WriteAsync(string name, byte[] content, CancellationToken cancellationToken)
    {
        var target = Path.Combine(Directory, name);
        var temporary = target + ".tmp";
        var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1, FileOptions.Asynchronous);
        await using (stream.ConfigureAwait(false))
        {
            await stream.WriteAsync(content, cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk);
        }

        File.Move(temporary, target, overwrite: true);
    }
}
