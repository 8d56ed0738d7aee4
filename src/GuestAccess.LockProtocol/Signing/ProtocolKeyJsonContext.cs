using System.Text.Json.Serialization;

namespace GuestAccess.LockProtocol.Signing;

[JsonSourceGenerationOptions(AllowDuplicateProperties = false, MaxDepth = 4)]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class ProtocolKeyJsonContext : JsonSerializerContext;
