using SheqingMinyi.Tests;

namespace SheqingMinyi.Identity.Tests;

/// <summary>Records a person as identity's PersonRegistered handler would, through the owner's connection, for tests
/// about something else than how persons arrive (that is <see cref="PersonDirectoryTests"/>).</summary>
public static class KnownPersons
{
    public static async Task<Guid> RecordAsync(IdentityFactory factory, string tenant, Guid? person = null)
    {
        var id = person ?? Guid.NewGuid();
        await TestDb.ScalarAsync<long>(factory.ConnectionString, """
            WITH i AS (INSERT INTO known_persons (tenant_id, person_id, name, registered_at) VALUES ($1, $2, '测试人员', now())
                ON CONFLICT DO NOTHING RETURNING 1) SELECT count(*) FROM i
            """, tenant, id);
        return id;
    }
}
