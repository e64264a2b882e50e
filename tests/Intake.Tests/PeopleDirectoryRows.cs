using System.Text.Json;
using Npgsql;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Intake.Tests;

/// <summary>Rows of intake's people directory, written as the owner (the test's stand-in for the people events).</summary>
internal static class PeopleDirectoryRows
{
    public static async Task AnnounceAsync(string connectionString, string tenant, Guid? personId, Guid? unitId, string name)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        if (personId is { } person)
            await ExecuteAsync(connection, "INSERT INTO directory_persons (person_id, tenant_id, name, unit_id, version) VALUES (@id, @t, @n, NULL, 1) ON CONFLICT DO NOTHING",
                person, tenant, name);
        if (unitId is { } unit)
            await ExecuteAsync(connection, "INSERT INTO directory_units (unit_id, tenant_id, name, category, version) VALUES (@id, @t, @n, 'special-committee', 1) ON CONFLICT DO NOTHING",
                unit, tenant, "测试单位");
    }

    /// <summary>Adds the themes (those of a valid length) to the tenant's active theme tags, as the office would have.</summary>
    public static async Task ListThemesAsync(string connectionString, string tenant, IEnumerable<string> themes)
    {
        var names = themes.Where(t => t.Length is > 0 and <= 20).Distinct().ToArray();
        if (names.Length == 0) return;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "INSERT INTO theme_tags (id, tenant_id, name, created_at) SELECT gen_random_uuid(), $1, n, now() FROM unnest($2::text[]) AS n ON CONFLICT DO NOTHING",
            connection);
        command.Parameters.Add(new() { Value = tenant });
        command.Parameters.Add(new() { Value = names });
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The directory's row of a person: name, main unit, version, deactivated; null when there is none.</summary>
    public static async Task<(string Name, Guid? UnitId, int Version, bool Deactivated)?> PersonAsync(string connectionString, string tenant, Guid personId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT name, unit_id, version, deactivated_at IS NOT NULL FROM directory_persons WHERE tenant_id = $1 AND person_id = $2", connection);
        command.Parameters.Add(new() { Value = tenant });
        command.Parameters.Add(new() { Value = personId });
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync()) return null;
        return (reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetGuid(1), reader.GetInt32(2), reader.GetBoolean(3));
    }

    /// <summary>The directory's version of a unit, 0 when unknown.</summary>
    public static async Task<int> UnitVersionAsync(string connectionString, string tenant, Guid unitId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT version FROM directory_units WHERE tenant_id = $1 AND unit_id = $2", connection);
        command.Parameters.Add(new() { Value = tenant });
        command.Parameters.Add(new() { Value = unitId });
        return await command.ExecuteScalarAsync() is int version ? version : 0;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, Guid id, string tenant, string name)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("t", tenant);
        command.Parameters.AddWithValue("n", name);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>
/// Before a draft is POSTed (or edited, or its authors changed), announces the persons and unit it names and adds the
/// theme tags it names to the tenant's list (see IntakeFactory).
/// </summary>
internal sealed class AnnounceNamedAuthors(IntakeFactory factory, string tenant) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        // Identity announced the tenant of every token (as on the platform): intake applies its own events
        // (near-duplicates from SubmissionSubmitted) only for known tenants.
        await KnownTenantsSupport.RegisterAsync(factory.RedisPrefix, tenant);
        var path = request.RequestUri?.AbsolutePath.TrimEnd('/') ?? "";
        var names = request.Method == HttpMethod.Post && (path.EndsWith("/submissions") || (path.StartsWith("/clues/") && path.EndsWith("/convert")))
            || request.Method == HttpMethod.Put && (path.Contains("/submissions/"));
        if (names && request.Content is not null)
        {
            await request.Content.LoadIntoBufferAsync(ct);
            var body = await request.Content.ReadAsStringAsync(ct);
            var (persons, unit, themes) = Named(body);
            foreach (var person in persons.DefaultIfEmpty()) await factory.AnnounceAsync(tenant, person, unit);
            await PeopleDirectoryRows.ListThemesAsync(factory.ConnectionString, tenant, themes);
        }
        return await base.SendAsync(request, ct);
    }

    private static (List<Guid?> Persons, Guid? Unit, List<string> Themes) Named(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return ([], null, []);
            List<Guid?> persons = [Guid(root, "authorPersonId"), .. Guids(root, "coAuthorPersonIds"), .. Guids(root, "authorPersonIds")];
            var themes = root.TryGetProperty("themes", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()!.Trim()).ToList()
                : [];
            return (persons.Where(p => p is not null).ToList(), Guid(root, "unitId"), themes);
        }
        catch (JsonException)
        {
            return ([], null, []);
        }
    }

    private static IEnumerable<Guid?> Guids(JsonElement root, string name) =>
        root.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(Guid)
            : [];

    private static Guid? Guid(JsonElement root, string name) => root.TryGetProperty(name, out var value) ? Guid(value) : null;

    private static Guid? Guid(JsonElement value) =>
        value.ValueKind == JsonValueKind.String && value.TryGetGuid(out var id) && id != System.Guid.Empty ? id : null;
}
