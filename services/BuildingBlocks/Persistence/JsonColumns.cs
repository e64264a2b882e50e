using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Hosting;

namespace SheqingMinyi.BuildingBlocks.Persistence;

/// <summary>
/// A list of small records (shares, checklist marks) kept in one jsonb column beside its row: read and written with
/// the row, compared by value so an in-place change is saved.
/// </summary>
public static class JsonColumns
{
    public static PropertyBuilder<List<T>> HasJsonConversion<T>(this PropertyBuilder<List<T>> property)
    {
        property.HasConversion(
            v => JsonSerializer.Serialize(v, JsonDefaults.Options),
            s => JsonSerializer.Deserialize<List<T>>(s, JsonDefaults.Options) ?? new List<T>(),
            new ValueComparer<List<T>>(
                (a, b) => JsonSerializer.Serialize(a, JsonDefaults.Options) == JsonSerializer.Serialize(b, JsonDefaults.Options),
                v => JsonSerializer.Serialize(v, JsonDefaults.Options).GetHashCode(),
                v => JsonSerializer.Deserialize<List<T>>(JsonSerializer.Serialize(v, JsonDefaults.Options), JsonDefaults.Options)!));
        property.HasColumnType("jsonb");
        return property;
    }
}
