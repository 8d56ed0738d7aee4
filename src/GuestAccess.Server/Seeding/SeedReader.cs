using System.Text.Json;
using System.Text.Json.Serialization;

namespace GuestAccess.Server.Seeding;

/// <summary>Everything in a seed directory: sites/*.json, accounts.json and clients.json.</summary>
public sealed record SeedSet(IReadOnlyList<SiteSeed> Sites, IReadOnlyList<AccountSeed> Accounts, IReadOnlyList<ClientSeed>? Clients = null);

/// <summary>
/// Reads and validates a seed directory. Any problem — malformed JSON, an unknown or missing
/// property, a bad value, a broken rule or a reference to something that does not exist — is a
/// <see cref="SeedException"/> naming the file and line.
/// </summary>
public static class SeedReader
{
    public static readonly JsonSerializerOptions Options = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            ReadCommentHandling = JsonCommentHandling.Skip,
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    public static SeedSet ReadDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new SeedException(directory, 0, "The seed directory does not exist (setting Seed:Directory).");
        }

        var sites = new List<SiteSeed>();
        var seenSlugs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(directory, "sites"), "*.json").Order(StringComparer.Ordinal))
        {
            var (site, lines) = Read<SiteSeed>(file);
            SeedValidator.ValidateSite(site, new Located(file, lines), seenSlugs);
            sites.Add(site);
        }

        var accounts = Path.Combine(directory, "accounts.json");
        IReadOnlyList<AccountSeed> accountList = [];
        if (File.Exists(accounts))
        {
            var (seed, lines) = Read<AccountsSeed>(accounts);
            SeedValidator.ValidateAccounts(seed, new Located(accounts, lines), sites.Select(s => s.Slug).ToHashSet(StringComparer.Ordinal));
            accountList = seed.Accounts;
        }

        var clients = Path.Combine(directory, "clients.json");
        IReadOnlyList<ClientSeed> clientList = [];
        if (File.Exists(clients))
        {
            var (seed, lines) = Read<ClientsSeed>(clients);
            SeedValidator.ValidateClients(seed, new Located(clients, lines), sites.Select(s => s.Slug).ToHashSet(StringComparer.Ordinal));
            clientList = seed.Clients;
        }

        return new SeedSet(sites, accountList, clientList);
    }

    internal static (T Seed, JsonLineIndex Lines) Read<T>(string file)
    {
        var bytes = File.ReadAllBytes(file);
        try
        {
            var seed = JsonSerializer.Deserialize<T>(bytes, Options) ?? throw new JsonException("The file is empty (null).");
            return (seed, JsonLineIndex.Build(bytes));
        }
        catch (JsonException e)
        {
            var line = (int)(e.LineNumber ?? 0) + 1;
            throw new SeedException(file, line, Explain(e), e);
        }
    }

    // System.Text.Json appends "Path: … | LineNumber: … | BytePositionInLine: …" to its own
    // messages; we report the line ourselves, so keep the sentence and the path only.
    private static string Explain(JsonException e)
    {
        var message = e.InnerException is FormatException format ? format.Message : e.Message;
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        var sentence = cut >= 0 ? message[..cut] : message;
        return e.Path is { Length: > 0 } path && !sentence.Contains(path, StringComparison.Ordinal) ? $"{sentence} (at {path})" : sentence;
    }
}

/// <summary>A file and its line index, to raise errors at a JSON path.</summary>
internal sealed record Located(string File, JsonLineIndex Lines)
{
    public SeedException Error(string path, string message) => new(File, Lines.LineOf(path), $"{message} (at {path})");
}
