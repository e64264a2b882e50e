using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace SheqingMinyi.Bench.Faults;

/// <summary>
/// The effect outside the database: the writer's points on this year's leaderboard (Redis) against the sum of their
/// ledger entries (PostgreSQL, the truth). Read once before the load, so the board is built and every entry of the
/// run goes through the incremental path; afterwards the two must agree to the point.
/// </summary>
public static class Leaderboard
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    /// <summary>The first read builds the board from the ledger, slow on a busy machine: tried for up to three minutes.</summary>
    public static async Task<decimal> PointsAsync(HttpClient member, Guid personId, CancellationToken ct)
    {
        var year = DateTimeOffset.UtcNow.ToOffset(Beijing).Year;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var response = await member.GetAsync($"/api/scoring/leaderboards/persons/{personId}?period={year}", ct);
                if (response.StatusCode == HttpStatusCode.NotFound) return 0; // no points yet this year
                if ((int)response.StatusCode < 500) response.EnsureSuccessStatusCode();
                else throw new HttpRequestException($"{(int)response.StatusCode} from the leaderboard");
                return (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("points").GetDecimal();
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && attempt < 6 && !ct.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(2), ct);
            }
        }
    }

    public static async Task<decimal> LedgerPointsAsync(FaultPlatform platform, Guid personId, CancellationToken ct)
    {
        var year = DateTimeOffset.UtcNow.ToOffset(Beijing).Year;
        await using var scoring = new NpgsqlConnection(platform.Unpooled("Scoring.Api", "scoringdb-owner"));
        await scoring.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            "SELECT coalesce(sum(points), 0) FROM ledger_entries WHERE person_id = $1 AND occurred_at >= $2 AND occurred_at < $3", scoring);
        command.Parameters.AddWithValue(personId);
        command.Parameters.AddWithValue(new DateTimeOffset(year, 1, 1, 0, 0, 0, Beijing).ToUniversalTime());
        command.Parameters.AddWithValue(new DateTimeOffset(year + 1, 1, 1, 0, 0, 0, Beijing).ToUniversalTime());
        return (decimal)(await command.ExecuteScalarAsync(ct))!;
    }
}
