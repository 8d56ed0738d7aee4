using System.Text.Encodings.Web;
using System.Text.Json;

namespace GuestAccess.LockProtocol.Serialization;

/// <summary>
/// The context every wire read and write goes through: <see cref="ProtocolJsonContext"/>'s
/// contract plus minimal escaping. JSON is UTF-8 (RFC 8259); only quotes, backslashes and control
/// characters are escaped, so POSIX rules like <c>&lt;+01&gt;-1</c> and Danish text stay readable
/// and short instead of turning into <c>\u003C\u002B01\u003E</c>.
/// </summary>
internal static class ProtocolJson
{
    public static ProtocolJsonContext Context { get; } = new(
        new JsonSerializerOptions(ProtocolJsonContext.Default.Options)
        {
            TypeInfoResolver = null,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });
}
