using Npgsql;

namespace SheqingMinyi.Bench.Seed;

/// <summary>
/// Volume in the intake database (owner login): copies of one of the writer's submissions under new ids, whatever
/// the table's columns are today (row → jsonb → row), so the create path can be measured with more already present.
/// </summary>
public static class SubmissionSeed
{
    public static async Task AddAsync(string ownerConnectionString, string tenant, Guid author, int count)
    {
        Console.WriteLine($"  seeding {count:N0} submissions …");
        await using var connection = new NpgsqlConnection(ownerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            INSERT INTO submissions
            SELECT (jsonb_populate_record(NULL::submissions, to_jsonb(s) || jsonb_build_object('id', gen_random_uuid()))).*
            FROM (SELECT * FROM submissions WHERE tenant_id = @t AND author_person_id = @a LIMIT 1) s, generate_series(1, @n);
            ANALYZE submissions;
            """, connection) { CommandTimeout = 600 };
        command.Parameters.AddWithValue("t", tenant);
        command.Parameters.AddWithValue("a", author);
        command.Parameters.AddWithValue("n", count);
        await command.ExecuteNonQueryAsync();
    }
}
