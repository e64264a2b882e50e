using System.Collections.Concurrent;
using Npgsql;

namespace SheqingMinyi.Tests;

/// <summary>
/// Services apply events only for tenants identity announced (table known_tenants). Tests feed events for fresh
/// tenants of their own, so the feeders register each tenant in the service's database first, as the service's
/// TenantRegistered consumer would have: found by the fixture's Redis prefix, which every feeder already has.
/// </summary>
public static class KnownTenantsSupport
{
    private static readonly ConcurrentDictionary<string, string> DatabaseOfPrefix = new();
    private static readonly ConcurrentDictionary<(string, string), byte> Registered = new();

    /// <summary>Called by <see cref="ServiceFactory{TProgram}"/> once its database exists.</summary>
    public static void Track(string redisPrefix, string connectionString) => DatabaseOfPrefix[redisPrefix] = connectionString;

    /// <summary>Registers <paramref name="tenant"/> in the database of the fixture using <paramref name="redisPrefix"/> (none known: nothing to do).</summary>
    public static async Task RegisterAsync(string redisPrefix, string tenant)
    {
        if (!DatabaseOfPrefix.TryGetValue(redisPrefix, out var connectionString) || !Registered.TryAdd((redisPrefix, tenant), 0)) return;
        await RegisterInDatabaseAsync(connectionString, tenant);
    }

    /// <summary>Registers <paramref name="tenant"/> with its name and parent (the tenant directory's link), replacing what was known.</summary>
    public static async Task RegisterWithParentAsync(string connectionString, string tenant, string name, string? parentId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            INSERT INTO known_tenants (id, name, registered_at, parent_id) VALUES ($1, $2, now(), $3)
            ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, parent_id = EXCLUDED.parent_id
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = name });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)parentId ?? DBNull.Value });
        await command.ExecuteNonQueryAsync();
    }

    public static async Task RegisterInDatabaseAsync(string connectionString, string tenant)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "INSERT INTO known_tenants (id, name, registered_at) VALUES ($1, $1, now()) ON CONFLICT (id) DO NOTHING", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        await command.ExecuteNonQueryAsync();
    }
}
