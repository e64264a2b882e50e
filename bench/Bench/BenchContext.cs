using StackExchange.Redis;

namespace SheqingMinyi.Bench;

/// <summary>What every measure needs: the running platform, its Redis, an admin's token, the table, the memory sampler.</summary>
public sealed class BenchContext(Platform platform, IConnectionMultiplexer redis, string adminToken, Table table, MemorySampler memory)
{
    /// <summary>The tenant the demo accounts' tokens carry (沙坪坝区政协); bench data lives in periods nothing else uses.</summary>
    public const string Tenant = "spb-zx";
    public const string Admin = "spb-admin";

    public Platform Platform { get; } = platform;
    public IConnectionMultiplexer Redis { get; } = redis;
    public string AdminToken { get; } = adminToken;
    public Table Table { get; } = table;
    public MemorySampler Memory { get; } = memory;
    public ServiceProcess Scoring => Platform["Scoring.Api"];
    public ServiceProcess Intake => Platform["Intake.Api"];
}
