using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace SheqingMinyi.BuildingBlocks.Persistence;

public static class DbErrors
{
    /// <summary>A unique index refused the row: a concurrent request won the race to create the same thing.</summary>
    public static bool IsUniqueViolation(this DbUpdateException error) =>
        error.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    /// <summary>An exclusion constraint refused the row (e.g. overlapping date ranges written concurrently).</summary>
    public static bool IsExclusionViolation(this DbUpdateException error) =>
        error.InnerException is PostgresException { SqlState: PostgresErrorCodes.ExclusionViolation };
}
