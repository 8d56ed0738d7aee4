using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace GuestAccess.FirmwareSim.Device;

/// <summary>
/// One lock's non-volatile storage: a directory with <c>credentials.json</c> and
/// <c>journal.json</c>, each an append-only log of whole JSON snapshots, one per line; the last
/// complete line is the state. A write appends one line and flushes it to disk (fsync), so the
/// steady state creates no files (creating and renaming a file per write was most of the
/// simulator's CPU at a thousand entries a second, see docs/benchmarks.md). The first line and
/// every compaction (when the log has grown to several snapshots) are written whole to a
/// temporary file, flushed and renamed over the log, so a power cut at any moment leaves the old
/// log or the new one; a cut append leaves a torn last line, which is ignored, and the next write
/// rewrites the log without it. Callers serialize writes (one lock, one writer).
/// </summary>
internal sealed class DeviceStateStore(string directory, bool flushToDisk = true)
{
    private const string CredentialsFile = "credentials.json";
    private const string JournalFile = "journal.json";

    /// <summary>Logs shorter than this are only appended to; above it (and above a few snapshots) they are compacted.</summary>
    internal const int CompactAbove = 64 * 1024;

    private readonly SnapshotLog _credentials = new(Path.Combine(directory, CredentialsFile), flushToDisk);
    private readonly SnapshotLog _journal = new(Path.Combine(directory, JournalFile), flushToDisk);

    public string Directory { get; } = directory;

    public async Task<(DeviceCredentials Credentials, DeviceJournal Journal, bool Existed)> LoadAsync(CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var credentials = await _credentials.ReadAsync(DeviceStateJson.Default.DeviceCredentials, cancellationToken).ConfigureAwait(false);
        var journal = await _journal.ReadAsync(DeviceStateJson.Default.DeviceJournal, cancellationToken).ConfigureAwait(false);
        if (credentials is { FormatVersion: not DeviceCredentials.Format } || journal is { FormatVersion: not DeviceJournal.Format })
        {
            throw new InvalidDataException($"The state in {Directory} was written by another simulator version.");
        }

        return (credentials ?? DeviceCredentials.Empty, journal ?? DeviceJournal.Empty, credentials is not null || journal is not null);
    }

    public Task SaveAsync(DeviceCredentials credentials, CancellationToken cancellationToken) =>
        _credentials.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(credentials, DeviceStateJson.Default.DeviceCredentials), cancellationToken);

    public Task SaveAsync(DeviceJournal journal, CancellationToken cancellationToken) =>
        _journal.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(journal, DeviceStateJson.Default.DeviceJournal), cancellationToken);

    /// <summary>One state file: snapshots appended line by line, compacted by an atomic rewrite.</summary>
    private sealed class SnapshotLog(string path, bool flushToDisk)
    {
        private long _length;
        private bool _rewrite = true;

        public async Task<T?> ReadAsync<T>(JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
            where T : class
        {
            _rewrite = true;
            if (!File.Exists(path))
            {
                return null;
            }

            var content = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
            T? last = null;
            var start = 0;
            while (start < content.Length)
            {
                var end = Array.IndexOf(content, (byte)'\n', start);
                var complete = end >= 0;
                var line = content.AsSpan(start, (complete ? end : content.Length) - start);
                if (!complete && last is not null)
                {
                    break; // a cut append: the line before it is the state; the next write drops it
                }

                try
                {
                    last = JsonSerializer.Deserialize(line, typeInfo) ?? throw new InvalidDataException($"{path} is empty.");
                }
                catch (JsonException ex)
                {
                    // Never silently start from scratch: that would forget credentials, counters and events.
                    throw new InvalidDataException($"{path} is not a valid state file ({ex.Path}).", ex);
                }

                if (!complete)
                {
                    break; // written whole by an earlier version, without a line end: rewrite before appending
                }

                start = end + 1;
            }

            _rewrite = last is null || content.Length == 0 || content[^1] != (byte)'\n';
            _length = content.Length;
            return last ?? throw new InvalidDataException($"{path} is empty.");
        }

        public async Task WriteAsync(byte[] snapshot, CancellationToken cancellationToken)
        {
            if (_rewrite || (_length > CompactAbove && _length > 4L * (snapshot.Length + 1)))
            {
                await RewriteAsync(snapshot, cancellationToken).ConfigureAwait(false);
                return;
            }

            _rewrite = true; // until the line is known to be whole: a failed append is rewritten over
            var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.None, bufferSize: 1, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(Line(snapshot), cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk);
            }

            _length += snapshot.Length + 1;
            _rewrite = false;
        }

        private async Task RewriteAsync(byte[] snapshot, CancellationToken cancellationToken)
        {
            var temporary = path + ".tmp";
            var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(Line(snapshot), cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk);
            }

            File.Move(temporary, path, overwrite: true);
            _length = snapshot.Length + 1;
            _rewrite = false;
        }

        private static ReadOnlyMemory<byte> Line(byte[] snapshot)
        {
            var line = new byte[snapshot.Length + 1];
            snapshot.CopyTo(line, 0);
            line[^1] = (byte)'\n';
            return line;
        }
    }
}
