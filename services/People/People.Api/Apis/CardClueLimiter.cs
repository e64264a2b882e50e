using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using SheqingMinyi.BuildingBlocks.Messaging;
using StackExchange.Redis;

namespace SheqingMinyi.People.Apis;

/// <summary>
/// The per-card clue limit as an anonymous sender sees it: counted per token in Redis, before the token is looked
/// up, so an unknown, revoked or malformed token reaches the limit exactly like a member's card (a 429 after
/// <see cref="ClueLimit.PerWindow"/> clues) and the limit tells nothing about who exists. The card's own counter
/// (<see cref="Domain.BusinessCard.SendClue"/>) stays as the durable limit when Redis cannot be reached.
/// </summary>
public sealed class CardClueLimiter(IConnectionMultiplexer redis, IOptions<MessagingOptions> messaging, BusinessCards cards,
    ILogger<CardClueLimiter> logger)
{
    // One fixed window per token: the first clue starts it; the count and the time left come back together.
    private static readonly LuaScript Take = LuaScript.Prepare(
        "local n = redis.call('INCR', @key) " +
        "if n == 1 or redis.call('PTTL', @key) < 0 then redis.call('PEXPIRE', @key, @window) end " +
        "return { n, redis.call('PTTL', @key) }");

    /// <summary>Null when the clue may go on; else how long until the token's window ends.</summary>
    public async Task<TimeSpan?> TakeAsync(string token)
    {
        var limit = cards.Options.ClueLimit;
        var key = $"{messaging.Value.StreamPrefix}:card-clues:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)))}";
        try
        {
            var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(Take,
                new { key = (RedisKey)key, window = (long)limit.Window.TotalMilliseconds }))!;
            return (long)result[0] <= limit.PerWindow ? null : TimeSpan.FromMilliseconds(Math.Max(0, (long)result[1]));
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogWarning(e, "Card clue limit not counted (Redis unavailable); the card's own counter still applies");
            return null;
        }
    }
}
