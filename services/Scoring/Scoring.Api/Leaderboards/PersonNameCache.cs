using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SheqingMinyi.BuildingBlocks.Messaging;
using SheqingMinyi.Scoring.Data;
using StackExchange.Redis;

namespace SheqingMinyi.Scoring.Leaderboards;

/// <summary>
/// The names the boards show, as a Redis hash per tenant (<see cref="LeaderboardKeys.NamesOf"/>), a read model of the
/// people directory (directory_persons): written after each person event commits, filled from the table on a miss (Redis wiped, an
/// event whose after-commit write failed). A person known to have no name is cached as "", so warm reads never go to
/// the database, and fills never overwrite (HSETNX): what the event handler wrote is always the newer name.
/// </summary>
public sealed class PersonNameCache(IConnectionMultiplexer redis, IOptions<MessagingOptions> options)
{
    private string Key(string tenantId) => LeaderboardKeys.NamesOf(options.Value.StreamPrefix, tenantId);

    /// <summary>After a person event committed: the directory's name (the newest version's) wins.</summary>
    public Task SetAsync(string tenantId, Guid personId, string name) =>
        redis.GetDatabase().HashSetAsync(Key(tenantId), personId.ToString(), name);

    /// <summary>Reads the names Redis did not have from the table and caches them; null for a person without one.</summary>
    public async Task<IReadOnlyDictionary<Guid, string?>> FillAsync(ScoringDbContext db, string tenantId, IReadOnlyCollection<Guid> personIds,
        CancellationToken ct)
    {
        var known = await db.Persons.AsNoTracking().Where(p => personIds.Contains(p.PersonId))
            .ToDictionaryAsync(p => p.PersonId, p => p.Name, ct);
        var names = personIds.Distinct().ToDictionary(id => id, id => known.GetValueOrDefault(id));
        var args = names.SelectMany(n => new RedisValue[] { n.Key.ToString(), n.Value ?? "" }).ToArray();
        await redis.GetDatabase().ScriptEvaluateAsync(LeaderboardScripts.FillNames.ExecutableScript, [Key(tenantId)], args);
        return names;
    }

    /// <summary>A cached value as a name: "" marks a person known to have none.</summary>
    public static string? NameOf(RedisResult cached) => cached.IsNull || (string?)cached is "" ? null : (string?)cached;
}
