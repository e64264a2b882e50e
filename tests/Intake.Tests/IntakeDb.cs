using SheqingMinyi.Tests;

namespace SheqingMinyi.Intake.Tests;

/// <summary>Intake's own tables, read directly to check what an API call wrote (or did not).</summary>
internal static class IntakeDb
{
    public sealed record RowCounts(long Submissions, long Outbox, long Inbox);

    /// <summary>The inbox without intake's own submission events: their near-duplicate scans land whenever the
    /// consumer gets to them, also while a later request of the same test class is being checked.</summary>
    public static async Task<RowCounts> CountsAsync(string connectionString) => new(
        await TestDb.CountAsync(connectionString, "submissions"),
        await TestDb.CountAsync(connectionString, "outbox_messages"),
        await TestDb.ScalarAsync<long>(connectionString,
            "SELECT count(*) FROM inbox_messages WHERE type NOT IN ('SubmissionSubmitted', 'SubmissionEdited')"));

    /// <summary>The outbox rows whose payload names <paramref name="submissionId"/>.</summary>
    public static Task<List<TestDb.OutboxRow>> OutboxForAsync(string connectionString, Guid submissionId) =>
        TestDb.OutboxAsync(connectionString, "payload->>'submissionId' = $1", submissionId.ToString());

    public static Task<long> InboxRowsForAsync(string connectionString, Guid eventId) =>
        TestDb.ScalarAsync<long>(connectionString, "SELECT count(*) FROM inbox_messages WHERE event_id = $1", eventId);
}
