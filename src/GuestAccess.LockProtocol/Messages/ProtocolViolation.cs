using System.Diagnostics.CodeAnalysis;

namespace GuestAccess.LockProtocol.Messages;

/// <summary>
/// Thrown by message validation; never escapes the library's public decode/verify methods
/// (they turn it into a <see cref="ProtocolError"/> or a reason code). Messages never contain
/// field values, only field names and rules.
/// </summary>
internal sealed class ProtocolViolation(string message) : Exception(message)
{
    public static void Unless([DoesNotReturnIf(false)] bool condition, string message)
    {
        if (!condition)
        {
            throw new ProtocolViolation(message);
        }
    }
}
