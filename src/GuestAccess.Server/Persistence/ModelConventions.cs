using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace GuestAccess.Server.Persistence;

/// <summary>
/// Conventions applied to the whole model after the per-entity configurations: snake_case
/// names for everything (hand-written SQL reads naturally on SQLite and PostgreSQL alike),
/// enums stored as their names, and the Version property as a concurrency token.
/// </summary>
internal static class ModelConventions
{
    public const string VersionProperty = "Version";
    public const int EnumMaxLength = 32;

    public static void Apply(ModelBuilder builder)
    {
        foreach (var entity in builder.Model.GetEntityTypes())
        {
            if (entity.FindProperty(VersionProperty) is { ClrType: var t } version && t == typeof(long))
            {
                version.IsConcurrencyToken = true;
            }

            foreach (var property in entity.GetProperties().Concat(entity.GetComplexProperties().SelectMany(c => c.ComplexType.GetProperties())))
            {
                StoreEnumAsName(property);
            }

            ApplySnakeCase(entity);
        }
    }

    private static void StoreEnumAsName(IMutableProperty property)
    {
        var type = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
        if (type.IsEnum && !type.IsDefined(typeof(FlagsAttribute), inherit: false) && property.GetValueConverter() is null)
        {
            property.SetValueConverter((ValueConverter)Activator.CreateInstance(typeof(EnumToStringConverter<>).MakeGenericType(type), [null])!);
            property.SetMaxLength(EnumMaxLength);
        }
    }

    public static string ToSnakeCase(string name)
    {
        var result = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                var previousIsLowerOrDigit = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]));
                var nextIsLower = i + 1 < name.Length && char.IsLower(name[i + 1]);
                if (i > 0 && name[i - 1] != '_' && (previousIsLowerOrDigit || (nextIsLower && char.IsUpper(name[i - 1]))))
                {
                    result.Append('_');
                }

                result.Append(char.ToLowerInvariant(c));
            }
            else
            {
                result.Append(c);
            }
        }

        return result.ToString();
    }

    private static void ApplySnakeCase(IMutableEntityType entity)
    {
        if (entity.GetTableName() is not { } table)
        {
            return;
        }

        var tableId = StoreObjectIdentifier.Table(table, entity.GetSchema());
        foreach (var property in entity.GetProperties())
        {
            if (property.GetColumnName(tableId) is { } column)
            {
                property.SetColumnName(ToSnakeCase(column));
            }
        }

        foreach (var complex in entity.GetComplexProperties())
        {
            foreach (var property in complex.ComplexType.GetProperties())
            {
                property.SetColumnName(ToSnakeCase($"{complex.Name}{property.Name}"));
            }
        }

        foreach (var key in entity.GetKeys())
        {
            key.SetName(ToSnakeCase(key.GetName()!));
        }

        foreach (var foreignKey in entity.GetForeignKeys())
        {
            foreignKey.SetConstraintName(ToSnakeCase(foreignKey.GetConstraintName()!));
        }

        foreach (var index in entity.GetIndexes())
        {
            index.SetDatabaseName(ToSnakeCase(index.GetDatabaseName()!));
        }
    }
}
