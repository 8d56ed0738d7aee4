using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using GuestAccess.LockProtocol.Serialization;

namespace GuestAccess.LockProtocol.Topics;

/// <summary>
/// The identity of one lock controller, used verbatim as an MQTT topic level and as the broker
/// user name. Topic-safe by construction: 1–64 characters from <c>a-z</c>, <c>0-9</c> and <c>-</c>,
/// so it can never contain <c>+</c>, <c>#</c>, <c>/</c>, <c>$</c>, upper case or white space.
/// </summary>
[JsonConverter(typeof(LockIdJsonConverter))]
public readonly record struct LockId : IComparable<LockId>
{
    public const int MaxLength = 64;

    /// <summary>The rule in words, for error messages (never echo the offending input).</summary>
    public const string Rule = "a lock id is 1-64 characters of a-z, 0-9 and '-'";

    private readonly string? _value;

    private LockId(string value) => _value = value;

    public string Value => _value ?? throw new InvalidOperationException("The default LockId has no value.");

    public static bool IsValid([NotNullWhen(true)] string? value) => IsValid(value.AsSpan()) && value is not null;

    public static bool IsValid(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty || value.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            {
                return false;
            }
        }

        return true;
    }

    public static bool TryParse([NotNullWhen(true)] string? value, out LockId lockId)
    {
        lockId = IsValid(value) ? new LockId(value) : default;
        return lockId._value is not null;
    }

    public static LockId Parse(string value) =>
        TryParse(value, out var lockId) ? lockId : throw new FormatException($"Invalid lock id: {Rule}.");

    public int CompareTo(LockId other) => string.CompareOrdinal(_value, other._value);

    public override string ToString() => _value ?? string.Empty;
}
