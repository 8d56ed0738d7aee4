using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace GuestAccess.Server.Identity.TokenService.Model;

/// <summary>
/// A set of space-free strings (scopes, grant types, URIs) stored space-separated, the way
/// OAuth itself writes scopes.
/// </summary>
public sealed class SpaceList : IEquatable<SpaceList>
{
    public static readonly SpaceList Empty = new([]);

    public static readonly ValueConverter<SpaceList, string> Converter = new(v => v.ToString(), v => Parse(v));

    private SpaceList(string[] items) => Items = items;

    public IReadOnlyList<string> Items { get; }

    public static SpaceList Of(IEnumerable<string> items) => new(items.Where(i => i.Length > 0).Distinct(StringComparer.Ordinal).ToArray());

    public static SpaceList Parse(string? text) => Of((text ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries));

    public bool Contains(string item) => Items.Contains(item, StringComparer.Ordinal);

    public bool IsSubsetOf(SpaceList other) => Items.All(other.Contains);

    public override string ToString() => string.Join(' ', Items);

    public bool Equals(SpaceList? other) => other is not null && Items.Order(StringComparer.Ordinal).SequenceEqual(other.Items.Order(StringComparer.Ordinal));

    public override bool Equals(object? obj) => Equals(obj as SpaceList);

    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);
}
