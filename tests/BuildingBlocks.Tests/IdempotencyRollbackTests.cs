using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using SheqingMinyi.BuildingBlocks.Http.Idempotency;
using SheqingMinyi.BuildingBlocks.Persistence;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Tests;

namespace SheqingMinyi.BuildingBlocks.Tests;

public sealed class Note
{
    public Guid Id { get; set; }
    public string TenantId { get; set; } = "";
    public string Text { get; set; } = "";
}

public sealed class NotesDbContext(DbContextOptions<NotesDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder model)
    {
        model.AddIdempotencyTable();
        model.Entity<Note>().ToTable("notes");
    }
}

/// <summary>
/// The idempotency middleware around an endpoint that fails on demand: a failed first attempt (5xx answer or an
/// exception) leaves neither its effect nor its key behind, so the retry with the same key succeeds, once.
/// </summary>
public sealed class IdempotencyRollbackTests : IAsyncLifetime
{
    private string _database = "";
    private WebApplication _app = null!;
    private int _failuresLeft;
    private bool _throw;

    public async Task InitializeAsync()
    {
        _database = await TestStores.CreateDatabaseAsync("idempotency");
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddProblemDetails();
        builder.Services.AddScoped<TenantContext>();
        builder.Services.AddDbContext<NotesDbContext>(o => o.UseNpgsql(_database).UseSnakeCaseNamingConvention());
        _app = builder.Build();
        _app.UseExceptionHandler();
        // Stands in for authentication and the token's tenant.
        _app.Use((context, next) =>
        {
            context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "writer-1")], "test"));
            context.RequestServices.GetRequiredService<TenantContext>().Set("tenant-n");
            return next(context);
        });
        _app.UseIdempotency<NotesDbContext>();
        _app.MapPost("/notes", async (Note note, NotesDbContext db) =>
        {
            db.Add(new Note { Id = Guid.NewGuid(), TenantId = "tenant-n", Text = note.Text });
            await db.SaveChangesAsync();
            if (Interlocked.Decrement(ref _failuresLeft) >= 0)
                return _throw ? throw new InvalidOperationException("the endpoint failed after its write") : Results.StatusCode(503);
            return Results.Created("/notes/1", new { note.Text });
        }).WithIdempotency();
        await using (var db = _app.Services.CreateScope().ServiceProvider.GetRequiredService<NotesDbContext>())
            await db.Database.EnsureCreatedAsync();
        await using (var connection = new NpgsqlConnection(_database))
        {
            await connection.OpenAsync();
            await PlatformSchemaMigrator.MigrateAsync(connection);
        }
        await _app.StartAsync();
    }

    private Task<HttpResponseMessage> PostAsync(string key, string text)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/notes") { Content = JsonContent.Create(new { text }) };
        request.Headers.Add("Idempotency-Key", key);
        return _app.GetTestClient().SendAsync(request);
    }

    private Task<long> CountAsync(string table) => TestDb.ScalarAsync<long>(_database, $"SELECT count(*) FROM {table}");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_failed_first_attempt_keeps_nothing_and_the_retry_with_the_same_key_succeeds_once(bool throws)
    {
        (_failuresLeft, _throw) = (1, throws);
        var key = Guid.NewGuid().ToString();

        var failed = await PostAsync(key, "记一笔");
        Assert.True((throws ? HttpStatusCode.InternalServerError : HttpStatusCode.ServiceUnavailable) == failed.StatusCode, await failed.Content.ReadAsStringAsync());
        Assert.Equal(0, await CountAsync("notes"));
        Assert.Equal(0, await CountAsync("idempotency_keys"));

        var retried = await PostAsync(key, "记一笔");
        var again = await PostAsync(key, "记一笔");

        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        Assert.False(retried.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.True(again.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1, await CountAsync("notes"));
        Assert.Equal(1, await TestDb.ScalarAsync<long>(_database,
            "SELECT count(*) FROM idempotency_keys WHERE state = 'completed' AND status_code = 201 AND client = 'writer-1' AND tenant_id = 'tenant-n'"));
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
