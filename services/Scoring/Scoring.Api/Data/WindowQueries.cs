using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace SheqingMinyi.Scoring.Data;

/// <summary>
/// A raw read of one tenant's rows in a time window (@tenant, @start, @end) on the context's connection and, when one
/// is open, its transaction — so rankings, bulletins and award candidates read the same snapshot as the rest of a pass.
/// </summary>
public static class WindowQueries
{
    public static async Task ReadAsync(this ScoringDbContext db, string sql, string tenantId, DateTimeOffset start, DateTimeOffset end,
        Action<DbDataReader> row, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = sql;
            command.Parameters.Add(new NpgsqlParameter("tenant", tenantId));
            command.Parameters.Add(new NpgsqlParameter("start", start));
            command.Parameters.Add(new NpgsqlParameter("end", end));
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) row(reader);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
