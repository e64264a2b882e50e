using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SheqingMinyi.BuildingBlocks.Tenancy;

namespace SheqingMinyi.BuildingBlocks.Http.Idempotency;

/// <summary>
/// Runs a POST that carries an Idempotency-Key once per key (per tenant and client, for 24 hours):
/// <list type="bullet">
/// <item>The endpoint runs inside one transaction of the service's DbContext (its SaveChanges joins it) with its
/// answer buffered; a 2xx or 4xx answer is stored in the key's row and committed with the effect, then sent. A 5xx
/// (or an exception) rolls both back, so a retry can succeed.</item>
/// <item>The same key again with the same request (method, path, body hash) gets the stored answer, marked
/// <c>Idempotent-Replayed: true</c>; with another request, 422; while the first still runs, 409 (a transaction
/// advisory lock on the key, tried without waiting). The key's row is written once, with the answer.</item>
/// <item>The transaction runs in the context's execution strategy: a transient failure reruns the whole request
/// with a fresh buffer, and a commit whose outcome was lost finds its own row on the rerun and replays it.</item>
/// </list>
/// Without the header the endpoint runs as usual.
/// </summary>
public sealed class IdempotencyMiddleware<TContext>(RequestDelegate next) where TContext : DbContext
{
    public async Task InvokeAsync(HttpContext context, TenantContext tenant)
    {
        var clock = context.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System;
        if (context.GetEndpoint()?.Metadata.GetMetadata<IdempotentEndpointMetadata>() is null
            || !context.Request.Headers.TryGetValue(IdempotencyKeys.HeaderName, out var header) || !tenant.IsSet)
        {
            await next(context);
            return;
        }
        if (!IdempotencyKeys.TryRead(header, out var key))
        {
            await Problem(StatusCodes.Status400BadRequest, "idempotency-key-invalid", "幂等键无效",
                $"Idempotency-Key must be one value of 1 to {IdempotencyKeys.MaxLength} visible ASCII characters.").ExecuteAsync(context);
            return;
        }
        // The context only now: taking it as a parameter built one (and its options) for every request that passes.
        var db = context.RequestServices.GetRequiredService<TContext>();
        var scope = new KeyScope(tenant.TenantId, IdempotencyKeys.ClientOf(context.User), key);
        var ct = context.RequestAborted;
        context.Request.EnableBuffering();
        var fingerprint = await FingerprintAsync(context.Request, ct);

        var realBody = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        var headersBefore = context.Response.Headers.ToDictionary(h => h.Key, h => h.Value);
        using var buffer = new MemoryStream();
        context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(buffer));
        Outcome outcome;
        try
        {
            outcome = await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                // A rerun after a transient failure starts from a clean slate: request body, answer, tracked entities.
                context.Request.Body.Position = 0;
                buffer.SetLength(0);
                context.Response.StatusCode = StatusCodes.Status200OK;
                context.Response.Headers.Clear();
                foreach (var (name, value) in headersBefore) context.Response.Headers[name] = value;
                db.ChangeTracker.Clear();
                return await RunOnceAsync(context, db, scope, fingerprint, buffer, clock, ct);
            });
        }
        finally
        {
            context.Features.Set(realBody);
        }

        switch (outcome)
        {
            case Outcome.Answered:
                context.Response.ContentLength = buffer.Length;
                buffer.Position = 0;
                await buffer.CopyToAsync(context.Response.Body, ct);
                break;
            case Outcome.Replay replay:
                await ReplayAsync(context, replay.Record, ct);
                break;
            case Outcome.InUse:
                context.Response.Headers.RetryAfter = "1";
                await Problem(StatusCodes.Status409Conflict, "idempotency-key-in-use", "同一请求正在处理",
                    "A request with this Idempotency-Key is still being processed; retry it shortly.").ExecuteAsync(context);
                break;
            case Outcome.Mismatch:
                await Problem(StatusCodes.Status422UnprocessableEntity, "idempotency-key-reused", "幂等键已用于另一请求",
                    "This Idempotency-Key was used for a different request (method, path or body); use a new key.").ExecuteAsync(context);
                break;
        }
    }

    private async Task<Outcome> RunOnceAsync(HttpContext context, TContext db, KeyScope scope, string fingerprint, MemoryStream buffer,
        TimeProvider clock, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow();
        var (locked, existing) = await IdempotencyStore.LockAndFindAsync(db, scope, now, ct);
        if (!locked) return new Outcome.InUse();
        if (existing is not null)
            return existing.Fingerprint == fingerprint ? new Outcome.Replay(existing) : new Outcome.Mismatch();

        await next(context);
        var status = context.Response.StatusCode;
        // Only answers a retry should see again: success, or the caller's own mistake. A 5xx rolls back.
        if (status is >= 200 and < 300 or >= 400 and < 500)
        {
            var headers = IdempotencyKeys.StoredHeaders
                .Where(name => context.Response.Headers.ContainsKey(name))
                .ToDictionary(name => name, name => context.Response.Headers[name].ToString());
            await IdempotencyStore.CompleteAsync(db, scope, fingerprint, now, status, JsonSerializer.Serialize(headers), buffer.ToArray(), ct);
            await transaction.CommitAsync(ct);
        }
        return new Outcome.Answered();
    }

    private static async Task ReplayAsync(HttpContext context, IdempotencyRecord record, CancellationToken ct)
    {
        context.Response.StatusCode = record.StatusCode ?? StatusCodes.Status200OK;
        foreach (var (name, value) in JsonSerializer.Deserialize<Dictionary<string, string>>(record.Headers ?? "{}") ?? [])
            context.Response.Headers[name] = value;
        context.Response.Headers[IdempotencyKeys.ReplayedHeader] = "true";
        var body = record.Body ?? [];
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, ct);
    }

    /// <summary>"POST /cases/…/decisions?… sha256(body)": the same key must come with the same request.</summary>
    private static async Task<string> FingerprintAsync(HttpRequest request, CancellationToken ct)
    {
        request.Body.Position = 0;
        var hash = await SHA256.HashDataAsync(request.Body, ct);
        request.Body.Position = 0;
        return $"{request.Method} {request.Path}{request.QueryString} {Convert.ToHexStringLower(hash)}";
    }

    private static IResult Problem(int status, string code, string title, string detail) =>
        ApiProblems.Problem(status, code, title, detail);

    private abstract record Outcome
    {
        public sealed record Answered : Outcome;
        public sealed record Replay(IdempotencyRecord Record) : Outcome;
        public sealed record InUse : Outcome;
        public sealed record Mismatch : Outcome;
    }
}

/// <summary>The key of one client of one tenant.</summary>
public sealed record KeyScope(string TenantId, string Client, string Key)
{
    /// <summary>The advisory lock's text: hashed to 64 bits by PostgreSQL.</summary>
    public string LockText => $"idempotency\n{TenantId}\n{Client}\n{Key}";
}
