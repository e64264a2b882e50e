using SheqingMinyi.Tests;

namespace SheqingMinyi.TrainingEvents.Tests;

/// <summary>Reads the service's own database directly, to check what an API call wrote (or did not).</summary>
internal static class TrainingDb
{
    public sealed record RowCounts(long Events, long Attendances, long Outbox);

    public static async Task<RowCounts> CountsAsync(string connectionString) => new(
        await TestDb.CountAsync(connectionString, "training_events"),
        await TestDb.CountAsync(connectionString, "attendances"),
        await TestDb.CountAsync(connectionString, "outbox_messages"));

    /// <summary>The AttendanceRecorded outbox rows of one event.</summary>
    public static Task<List<TestDb.OutboxRow>> AttendanceEventsAsync(string connectionString, Guid trainingEventId) =>
        TestDb.OutboxAsync(connectionString, "type = 'AttendanceRecorded' AND payload->>'trainingEventId' = $1", trainingEventId.ToString());

    public static Task<long> AttendancesOfAsync(string connectionString, Guid trainingEventId) =>
        TestDb.ScalarAsync<long>(connectionString, "SELECT count(*) FROM attendances WHERE training_event_id = $1", trainingEventId);
}
