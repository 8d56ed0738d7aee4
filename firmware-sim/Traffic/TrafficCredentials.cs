using System.Text.Json;
using System.Text.Json.Serialization;

namespace GuestAccess.FirmwareSim.Traffic;

/// <summary>
/// Credentials the random traffic may use for granted entries, per lock id:
/// <c>{"pins":{"dokk1-sal-1":["48213957"]},"mobileKeys":{"dokk1-sal-1":["eyJ…"]}}</c>. A simulated
/// lock only holds PIN hashes, so granted traffic needs the PINs from whoever issued them
/// (a test, or a demo script). Keep the file private; its contents are never logged.
/// </summary>
public sealed record TrafficCredentials
{
    public static TrafficCredentials None { get; } = new();

    public IReadOnlyDictionary<string, IReadOnlyList<string>> Pins { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    public IReadOnlyDictionary<string, IReadOnlyList<string>> MobileKeys { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    public bool IsEmpty => Pins.Count == 0 && MobileKeys.Count == 0;

    public static TrafficCredentials Parse(string json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, TrafficJson.Default.TrafficCredentials) ?? throw new FormatException("The traffic credentials file is empty.");
        }
        catch (JsonException ex)
        {
            throw new FormatException($"The traffic credentials file is not {{\"pins\":{{lock:[PIN,...]}},\"mobileKeys\":{{lock:[token,...]}}}} (at {ex.Path}).");
        }
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow, AllowDuplicateProperties = false)]
[JsonSerializable(typeof(TrafficCredentials))]
internal sealed partial class TrafficJson : JsonSerializerContext;
