using System.Text.Json.Serialization;
using GuestAccess.LockProtocol.Serialization;

namespace GuestAccess.FirmwareSim.Device;

/// <summary>The on-disk form of the device state: the wire formats of credentials and events, camelCase, instants as Unix seconds.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectNullableAnnotations = true,
    AllowDuplicateProperties = false,
    Converters = [typeof(UnixSecondsConverter)])]
[JsonSerializable(typeof(DeviceCredentials))]
[JsonSerializable(typeof(DeviceJournal))]
internal sealed partial class DeviceStateJson : JsonSerializerContext;
