using System.Text.Json;
using GuestAccess.Domain.Audit;
using GuestAccess.Server.Persistence;
using Microsoft.Extensions.Options;

namespace GuestAccess.Server.Audit.Checkpoints;

/// <summary>
/// The external copy of every checkpoint: one JSON file per checkpoint,
/// <c>checkpoint-{sequence:D12}.json</c>, in <see cref="CheckpointOptions.SinkDirectory"/>. Point it
/// at storage the database's administrators cannot rewrite (a WORM share, another host's mount)
/// and a rewritten database cannot pass verification against it. A failing sink is logged, never
/// fatal: the checkpoint is still in the database.
/// </summary>
public sealed class CheckpointSink(IOptions<AuditOptions> options, IOptions<StorageOptions> storage, ILogger<CheckpointSink> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>The sink directory, or null when there is none.</summary>
    public string? Directory { get; } = string.IsNullOrWhiteSpace(options.Value.Checkpoints.SinkDirectory)
        ? null
        : Path.Combine(storage.Value.FullDataDirectory, options.Value.Checkpoints.SinkDirectory);

    public void Publish(AuditCheckpoint checkpoint)
    {
        if (Directory is null)
        {
            return;
        }

        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            var path = Path.Combine(Directory, $"checkpoint-{checkpoint.Sequence:D12}.json");
            var file = new CheckpointFile(checkpoint.Sequence, checkpoint.RecordCount, Convert.ToHexStringLower(checkpoint.HeadHash), checkpoint.CreatedAt, checkpoint.KeyId, checkpoint.Token);
            File.WriteAllText(path + ".tmp", JsonSerializer.Serialize(file, Json));
            File.Move(path + ".tmp", path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.CheckpointSinkFailed(e, checkpoint.Sequence, Directory);
        }
    }

    /// <summary>The signed tokens of every checkpoint file in a directory (unsigned fields are only for people).</summary>
    public static IReadOnlyList<string> ReadTokens(string directory) =>
        System.IO.Directory.EnumerateFiles(directory, "checkpoint-*.json")
            .Order(StringComparer.Ordinal)
            .Select(f => JsonSerializer.Deserialize<CheckpointFile>(File.ReadAllText(f), Json)?.Token ?? throw new InvalidDataException($"{f} is empty."))
            .ToArray();

    /// <summary>The sink file: the token is what counts; the other fields repeat its claims for readers.</summary>
    public sealed record CheckpointFile(long Sequence, long RecordCount, string HeadHash, DateTimeOffset CreatedAt, string KeyId, string Token);
}
