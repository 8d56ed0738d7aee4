using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json.Serialization;

namespace GuestAccess.LockProtocol.Serialization;

/// <summary>
/// The wire name of each enum value, taken from its <see cref="JsonStringEnumMemberNameAttribute"/>
/// (snake_case). Use it to log or store a reason code exactly as it travels.
/// </summary>
public static class WireNames
{
    public static string Of<TEnum>(TEnum value)
        where TEnum : struct, Enum =>
        WireNameTable<TEnum>.ByValue.TryGetValue(value, out var name)
            ? name
            : throw new ArgumentOutOfRangeException(nameof(value), "Not a defined protocol value.");

    public static bool TryParse<TEnum>(string? name, out TEnum value)
        where TEnum : struct, Enum
    {
        if (name is not null && WireNameTable<TEnum>.ByName.TryGetValue(name, out value))
        {
            return true;
        }

        value = default;
        return false;
    }
}

internal static class WireNameTable<TEnum>
    where TEnum : struct, Enum
{
    public static readonly FrozenDictionary<TEnum, string> ByValue = typeof(TEnum)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .ToFrozenDictionary(
            f => (TEnum)f.GetValue(null)!,
            f => f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name
                ?? throw new InvalidOperationException($"{typeof(TEnum).Name}.{f.Name} has no wire name."));

    public static readonly FrozenDictionary<string, TEnum> ByName =
        ByValue.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);
}
