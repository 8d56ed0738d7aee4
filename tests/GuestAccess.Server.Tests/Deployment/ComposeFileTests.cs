using System.Text.Json;
using System.Text.RegularExpressions;

namespace GuestAccess.Server.Tests.Deployment;

/// <summary>
/// No Docker engine runs here, so docker-compose.yml is checked statically: it parses, the
/// production shape is complete, ports and volumes are well-formed and declared, every file it
/// mounts or builds from exists, and every server setting it passes is one the server binds.
/// </summary>
public sealed partial class ComposeFileTests
{
    private static readonly JsonElement Compose = RepositoryFiles.ReadYaml("docker-compose.yml");

    private static IEnumerable<(string Name, JsonElement Service)> Services =>
        Compose.GetProperty("services").EnumerateObject().Select(p => (p.Name, p.Value));

    [Fact]
    public void Compose_Services_TheWholeProductionShape()
    {
        var names = Services.Select(s => s.Name).ToHashSet();

        Assert.Superset(new HashSet<string> { "init", "mosquitto", "postgres", "server-1", "server-2", "simulator", "otel-collector", "jaeger" }, names);
        Assert.All(Services, s => Assert.True(s.Service.TryGetProperty("image", out _) || s.Service.TryGetProperty("build", out _), s.Name + " has neither image nor build"));
        Assert.All(Services.Where(s => s.Service.TryGetProperty("depends_on", out _)), s => Assert.All(DependsOn(s.Service), d => Assert.Contains(d, names)));
        Assert.DoesNotContain("init", DependsOn(Compose.GetProperty("services").GetProperty("init")));
    }

    [Fact]
    public void Compose_Ports_WellFormedAndNoHostPortTwice()
    {
        var hostPorts = new List<int>();
        foreach (var (name, service) in Services)
        {
            if (!service.TryGetProperty("ports", out var ports))
            {
                continue;
            }

            foreach (var port in ports.EnumerateArray().Select(p => p.GetString()!))
            {
                var match = PortMapping().Match(port);
                Assert.True(match.Success, $"{name}: port '{port}' is not HOST:CONTAINER");
                hostPorts.Add(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        Assert.Equal(hostPorts.Count, hostPorts.Distinct().Count());
        Assert.Contains(8080, hostPorts);
        Assert.Contains(16686, hostPorts); // the trace viewer
    }

    [Fact]
    public void Compose_Volumes_NamedOnesDeclaredAndMountedFilesExist()
    {
        var declared = Compose.GetProperty("volumes").EnumerateObject().Select(v => v.Name).ToHashSet();
        var used = new HashSet<string>();
        foreach (var (name, service) in Services)
        {
            if (service.TryGetProperty("build", out var build))
            {
                var context = build.GetProperty("context").GetString()!;
                Assert.True(Directory.Exists(RepositoryFiles.PathOf(context)), $"{name}: build context {context}");
                Assert.True(File.Exists(RepositoryFiles.PathOf(Path.Combine(context, build.GetProperty("dockerfile").GetString()!))), $"{name}: Dockerfile");
            }

            if (!service.TryGetProperty("volumes", out var volumes))
            {
                continue;
            }

            foreach (var volume in volumes.EnumerateArray().Select(v => v.GetString()!))
            {
                var source = volume.Split(':')[0];
                if (source.StartsWith('.') || source.StartsWith('/'))
                {
                    Assert.True(File.Exists(RepositoryFiles.PathOf(source)) || Directory.Exists(RepositoryFiles.PathOf(source)), $"{name}: {source} is not in the repository");
                }
                else
                {
                    Assert.True(declared.Contains(source), $"{name}: volume {source} is not declared under volumes:");
                    used.Add(source);
                }
            }
        }

        Assert.Equal(declared.Order(), used.Order());
    }

    [Fact]
    public void Compose_ServerEnvironment_EveryKeyIsABoundOption()
    {
        foreach (var (name, service) in Services.Where(s => s.Service.TryGetProperty("build", out var b) && b.GetProperty("dockerfile").GetString()!.Contains("GuestAccess.Server", StringComparison.Ordinal)))
        {
            foreach (var variable in service.GetProperty("environment").EnumerateObject())
            {
                if (variable.Name.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || variable.Name.StartsWith("DOTNET_", StringComparison.Ordinal))
                {
                    continue;
                }

                var key = variable.Name.Replace("__", ":", StringComparison.Ordinal);
                Assert.True(ConfigurationReference.IsKnown(key), $"{name}: {variable.Name} is not a setting the server binds (see docs/deployment.md)");
            }
        }
    }

    [Fact]
    public void Compose_ServersAndCollector_AgreeOnEndpointsAndIdentities()
    {
        var services = Compose.GetProperty("services");
        var servers = new[] { "server-1", "server-2" }.Select(n => services.GetProperty(n).GetProperty("environment")).ToList();
        string Env(JsonElement env, string key) => env.GetProperty(key).ToString();

        Assert.Equal(2, servers.Select(e => Env(e, "Mqtt__ClientId")).Distinct().Count()); // one MQTT session per instance
        Assert.Single(servers.Select(e => Env(e, "Mqtt__ShareGroup")).Distinct()); // one group: each event reaches one instance
        Assert.All(servers, e => Assert.Equal("External", Env(e, "Mqtt__Mode")));
        Assert.All(servers, e => Assert.True(services.TryGetProperty(Env(e, "Mqtt__Host"), out _)));
        var otlp = new Uri(Env(servers[0], "Telemetry__OtlpEndpoint"));
        Assert.True(services.TryGetProperty(otlp.Host, out _));

        var collector = RepositoryFiles.ReadYaml("src/deploy/otel-collector/config.yaml");
        var grpc = collector.GetProperty("receivers").GetProperty("otlp").GetProperty("protocols").GetProperty("grpc").GetProperty("endpoint").GetString()!;
        Assert.EndsWith(":" + otlp.Port, grpc, StringComparison.Ordinal);
        var traces = collector.GetProperty("service").GetProperty("pipelines").GetProperty("traces");
        Assert.All(traces.GetProperty("exporters").EnumerateArray(), e => Assert.True(collector.GetProperty("exporters").TryGetProperty(e.GetString()!, out _)));
        var jaeger = collector.GetProperty("exporters").GetProperty("otlp/jaeger").GetProperty("endpoint").GetString()!;
        Assert.True(services.TryGetProperty(jaeger.Split(':')[0], out _));

        var mosquitto = File.ReadAllText(RepositoryFiles.PathOf("src/deploy/mosquitto/mosquitto.conf"));
        Assert.Contains("include_dir /mosquitto/guestaccess", mosquitto, StringComparison.Ordinal);
        Assert.Contains(services.GetProperty("mosquitto").GetProperty("volumes").EnumerateArray(), v => v.GetString()!.StartsWith("mosquitto-config:/mosquitto/guestaccess", StringComparison.Ordinal));
    }

    private static IEnumerable<string> DependsOn(JsonElement service) =>
        !service.TryGetProperty("depends_on", out var depends) ? []
        : depends.ValueKind == JsonValueKind.Array ? depends.EnumerateArray().Select(d => d.GetString()!)
        : depends.EnumerateObject().Select(d => d.Name);

    [GeneratedRegex(@"^(\d{1,5}):(\d{1,5})$")]
    private static partial Regex PortMapping();
}
