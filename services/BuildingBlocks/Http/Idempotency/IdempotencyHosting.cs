using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using SheqingMinyi.BuildingBlocks.Maintenance;

namespace SheqingMinyi.BuildingBlocks.Http.Idempotency;

public static class IdempotencyHosting
{
    /// <summary>Pruning of expired keys, by the retention worker.</summary>
    public static IHostApplicationBuilder AddIdempotency<TContext>(this IHostApplicationBuilder builder) where TContext : DbContext
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        return builder.AddRetentionTask<IdempotencyRetention<TContext>>();
    }

    /// <summary>After authorization (a refused request neither uses nor stores a key), before the endpoints.</summary>
    public static IApplicationBuilder UseIdempotency<TContext>(this IApplicationBuilder app) where TContext : DbContext =>
        app.UseMiddleware<IdempotencyMiddleware<TContext>>();
}
