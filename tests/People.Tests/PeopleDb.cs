using SheqingMinyi.Tests;

namespace SheqingMinyi.People.Tests;

/// <summary>Reads the service's own database directly, to check what an API call wrote (or did not).</summary>
internal static class PeopleDb
{
    public sealed record RowCounts(long Units, long Persons, long Outbox);

    public static async Task<RowCounts> CountsAsync(string connectionString) => new(
        await TestDb.CountAsync(connectionString, "units"),
        await TestDb.CountAsync(connectionString, "persons"),
        await TestDb.CountAsync(connectionString, "outbox_messages"));

    /// <summary>Outbox rows of <paramref name="type"/> whose payload field <paramref name="idField"/> is <paramref name="id"/>.</summary>
    public static Task<List<TestDb.OutboxRow>> OutboxAsync(string connectionString, string type, string idField, Guid id) =>
        TestDb.OutboxAsync(connectionString, "type = $1 AND payload->>$2 = $3", type, idField, id.ToString());
}
