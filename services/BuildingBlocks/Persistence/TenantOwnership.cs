using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SheqingMinyi.BuildingBlocks.Persistence;

/// <summary>
/// The one place a table is declared tenant-owned: an annotation on its entity type. Row security (enabled, forced,
/// the tenant policy) is generated at start-up for every table of a marked entity (<see cref="RowLevelSecurity"/>),
/// and a catalog test per database fails on any table with a tenant_id column that lacks it.
/// </summary>
public static class TenantOwnership
{
    public const string Annotation = "Sqmy:TenantOwned";

    /// <summary>Its rows belong to one tenant each, by their tenant_id column.</summary>
    public static EntityTypeBuilder<T> IsTenantOwned<T>(this EntityTypeBuilder<T> entity) where T : class
    {
        entity.HasAnnotation(Annotation, true);
        return entity;
    }

    public static bool IsTenantOwned(this IReadOnlyEntityType entity) => entity.FindAnnotation(Annotation)?.Value is true;

    /// <summary>The tables of the model's tenant-owned entities, migrated by EF or by the platform schema alike.</summary>
    public static IReadOnlyList<string> TenantOwnedTables(this IModel model) =>
        [.. model.GetEntityTypes().Where(e => e.IsTenantOwned()).Select(e => e.GetTableName()).OfType<string>().Distinct().Order()];
}
