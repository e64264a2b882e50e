using Npgsql;
using SheqingMinyi.Intake.Data.Sql;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Intake.Tests;

/// <summary>
/// search_tsvector in PL/pgSQL (migration SearchVectorCached, its plan kept per connection) gives the very vectors
/// of the SQL function it replaced, compared text by text in the migrated database: Chinese reports, mixed scripts,
/// full-width forms, punctuation only, one character, empty and NULL, and a text past 16,383 pair positions.
/// </summary>
public sealed class SearchVectorFunctionTests(IntakeFactory factory) : IClassFixture<IntakeFactory>
{
    private static readonly string?[] Texts =
    [
        "关于优化公交线路的建议", "沙坪坝区部分公交线路重叠，部分站点覆盖不足，建议优化线路布局，提高公交运行效率。",
        "ＡＢＣ老年食堂 abc12 x", "老年食堂——社区“助餐”点位（试点）：3处", "！？。，", "食", "", null,
        string.Concat(Enumerable.Repeat("政协委员建言献策", 2500)),
    ];

    [Fact]
    public async Task The_cached_function_gives_the_vectors_of_the_sql_function()
    {
        _ = factory.CreateClient(); // migrated
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        Assert.Equal("plpgsql", await ScalarAsync<string>(connection,
            "SELECT l.lanname::text FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang WHERE p.proname = 'search_tsvector'"));

        // The SQL function beside it, in this session's temporary schema, named so that the migrated one stays in use.
        await ExecuteAsync(connection, SearchSql.SqlTsvector.Replace("FUNCTION search_tsvector(", "FUNCTION pg_temp.search_tsvector_sql("));
        var compared = 0;
        foreach (var text in Texts)
        {
            await using var command = new NpgsqlCommand(
                "SELECT search_tsvector($1)::text, pg_temp.search_tsvector_sql($1)::text, length(search_tsvector($1))", connection);
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)text ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal(reader.GetString(1), reader.GetString(0));
            if (reader.GetInt32(2) > 0) compared++;
        }
        Assert.Equal(5, compared); // texts with pairs: not a comparison of empty vectors only
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
