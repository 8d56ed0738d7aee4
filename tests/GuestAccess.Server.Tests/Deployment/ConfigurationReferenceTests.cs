using GuestAccess.Server.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GuestAccess.Server.Tests.Deployment;

/// <summary>docs/deployment.md's configuration table cannot drift from the options classes.</summary>
public sealed class ConfigurationReferenceTests
{
    private const string Doc = "docs/deployment.md";

    [Fact]
    public void ConfigurationReference_EveryOptionsClassTheServerBinds_IsListed()
    {
        var data = Directory.CreateTempSubdirectory("ga-config-").FullName;
        IServiceCollection? services = null;
        try
        {
            using var app = ServerApp.Build([$"--Storage:DataDirectory={data}"], builder => services = builder.Services);
            var bound = services!
                .Where(d => d.ServiceType.IsGenericType && d.ServiceType.GetGenericTypeDefinition() == typeof(IOptionsChangeTokenSource<>))
                .Select(d => d.ServiceType.GetGenericArguments()[0])
                .Where(t => t.Namespace?.StartsWith("GuestAccess", StringComparison.Ordinal) == true)
                .ToHashSet();
            var listed = ConfigurationReference.Sections.Select(s => s.Type).ToHashSet();

            Assert.Empty(bound.Except(listed).Select(t => t.FullName));
            Assert.Empty(listed.Except(bound).Select(t => t.FullName));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public void DeploymentDoc_ConfigurationTable_MatchesTheOptionsClasses()
    {
        var path = RepositoryFiles.PathOf(Doc);
        var text = File.ReadAllText(path);
        var begin = text.IndexOf(ConfigurationReference.Begin, StringComparison.Ordinal);
        var end = text.IndexOf(ConfigurationReference.End, StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, $"{Doc} has no generated configuration table (markers {ConfigurationReference.Begin} … {ConfigurationReference.End}).");
        var current = text[begin..(end + ConfigurationReference.End.Length)];
        var expected = ConfigurationReference.Markdown();
        if (current != expected && Environment.GetEnvironmentVariable("GUESTACCESS_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, text[..begin] + expected + text[(end + ConfigurationReference.End.Length)..]);
            return;
        }

        Assert.True(current == expected, $"{Doc}'s configuration table is out of date. Regenerate it: GUESTACCESS_UPDATE_DOCS=1 dotnet test tests/GuestAccess.Server.Tests -c Release --filter DeploymentDoc_ConfigurationTable");
    }

    [Fact]
    public void ConfigurationReference_Keys_HaveMeaningsAndKnowNestedAndDictionaryKeys()
    {
        var keys = ConfigurationReference.Keys();

        Assert.Equal(keys.Count, keys.Select(k => k.Key).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Contains(keys, k => k.Key == "Telemetry:OtlpEndpoint" && k.Default == "`http://localhost:4317/`");
        Assert.Contains(keys, k => k.Key == "Locks:AckTimeout" && k.Default == "`00:00:10`");
        Assert.True(ConfigurationReference.IsKnown("audit:checkpoints:everyrecords"));
        Assert.True(ConfigurationReference.IsKnown("Identity:Upstream:mitid:Authority"));
        Assert.False(ConfigurationReference.IsKnown("Mqtt:Hostname"));
        Assert.False(ConfigurationReference.IsKnown("Mqtt"));
        Assert.All(keys.Where(k => k.Key.StartsWith("Telemetry:", StringComparison.Ordinal)), k => Assert.NotEqual("—", k.Meaning));
        Assert.Contains(keys, k => k.Key == "Mqtt:Mode" && k.Meaning.EndsWith("One of: Embedded, External.", StringComparison.Ordinal));
    }
}
