using Npgsql;

namespace SheqingMinyi.Tests;

public static class RowCounter
{
    /// <summary>Rows in <paramref name="table"/> of a fixture's database, whatever the tenant.</summary>
    public static async Task<long> CountAsync(string connectionString, string table)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM {table}", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
