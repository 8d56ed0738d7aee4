using System.Text.Json.Serialization;
using GuestAccess.LockProtocol.Credentials;
using GuestAccess.LockProtocol.Messages;

namespace GuestAccess.LockProtocol.Serialization;

/// <summary>
/// Source-generated System.Text.Json contract of every wire type: camelCase, compact, nulls left
/// out, and strict on reading (no unknown or duplicate members, no missing required ones, no
/// nulls where the contract has none, no numbers in strings, depth ≤ 16).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    AllowDuplicateProperties = false,
    MaxDepth = 16,
    Converters = [typeof(UnixSecondsConverter)])]
[JsonSerializable(typeof(ApplyCredentials))]
[JsonSerializable(typeof(SyncCredentials))]
[JsonSerializable(typeof(ConfirmEvents))]
[JsonSerializable(typeof(ReplayEvents))]
[JsonSerializable(typeof(RemoteUnlock))]
[JsonSerializable(typeof(Lockdown))]
[JsonSerializable(typeof(RequestStatus))]
[JsonSerializable(typeof(CommandAck))]
[JsonSerializable(typeof(CommandRejected))]
[JsonSerializable(typeof(EventBatch))]
[JsonSerializable(typeof(LockStatus))]
[JsonSerializable(typeof(PinCredential))]
[JsonSerializable(typeof(MobileKeyClaims))]
internal sealed partial class ProtocolJsonContext : JsonSerializerContext;
