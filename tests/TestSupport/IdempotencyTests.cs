using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SheqingMinyi.BuildingBlocks.Maintenance;
using Xunit;

namespace SheqingMinyi.Tests;

/// <summary>
/// Idempotency-Key on a service's creating POST: a retry with the same key and body gets the first answer and
/// makes no second effect; another body with the key is 422; concurrent requests with one key make one effect;
/// keys are per tenant and client; refused keys, expiry and pruning.
/// </summary>
public abstract class IdempotencyTests<TProgram>(ServiceFactory<TProgram> factory) where TProgram : class
{
    /// <summary>A POST that creates something.</summary>
    protected abstract string Path { get; }

    /// <summary>A valid body, different on every call.</summary>
    protected abstract object NewBody();

    /// <summary>A body the endpoint refuses with a 4xx.</summary>
    protected abstract object InvalidBody();

    /// <summary>The table the POST adds a row of the tenant to.</summary>
    protected abstract string Table { get; }

    protected HttpClient Client(string tenant, string client = "client-1") =>
        factory.ClientWithToken(TestTokens.Create(tenant, clientId: client));

    protected Task<long> EffectsAsync(string tenant) =>
        TestDb.ScalarAsync<long>(factory.ConnectionString, $"SELECT count(*) FROM {Table} WHERE tenant_id = $1", tenant);

    protected static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, object body, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (key is not null) request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return client.SendAsync(request);
    }

    protected static string NewKey() => Guid.NewGuid().ToString();

    [Fact]
    public async Task The_same_key_and_body_twice_make_one_effect_and_the_retry_gets_the_first_answer_marked_replayed()
    {
        var tenant = Tenants.New();
        var (key, body) = (NewKey(), NewBody());

        var first = await PostAsync(Client(tenant), Path, body, key);
        var retry = await PostAsync(Client(tenant), Path, body, key);

        Assert.True(first.IsSuccessStatusCode, $"{(int)first.StatusCode}: {await first.Content.ReadAsStringAsync()}");
        Assert.Equal(first.StatusCode, retry.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal(first.Headers.ETag, retry.Headers.ETag);
        Assert.Equal(first.Content.Headers.ContentType, retry.Content.Headers.ContentType);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal("true", Assert.Single(retry.Headers.GetValues("Idempotent-Replayed")));
        Assert.Equal(1, await EffectsAsync(tenant));
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_a_422_problem_and_makes_no_effect()
    {
        var tenant = Tenants.New();
        var key = NewKey();
        Assert.True((await PostAsync(Client(tenant), Path, NewBody(), key)).IsSuccessStatusCode);

        var other = await PostAsync(Client(tenant), Path, NewBody(), key);

        Assert.Equal("idempotency-key-reused", (await other.ReadProblemAsync(422)).GetProperty("code").GetString());
        Assert.Equal(1, await EffectsAsync(tenant));
    }

    [Fact]
    public async Task Concurrent_requests_with_one_key_make_one_effect_and_the_others_are_told_409_or_get_the_replay()
    {
        var tenant = Tenants.New();
        var (key, body) = (NewKey(), NewBody());

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PostAsync(Client(tenant), Path, body, key)));

        Assert.Equal(1, await EffectsAsync(tenant));
        var firsts = responses.Where(r => r.IsSuccessStatusCode && !r.Headers.Contains("Idempotent-Replayed")).ToList();
        Assert.Single(firsts);
        foreach (var other in responses.Except(firsts))
            if (other.StatusCode == HttpStatusCode.Conflict)
            {
                Assert.Equal("idempotency-key-in-use", (await other.ReadProblemAsync(409)).GetProperty("code").GetString());
                Assert.NotNull(other.Headers.RetryAfter);
            }
            else
                Assert.Equal(await firsts[0].Content.ReadAsStringAsync(), await other.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task One_key_of_two_tenants_or_two_clients_is_three_keys()
    {
        var (tenantA, tenantB) = (Tenants.New(), Tenants.New());
        var (key, body) = (NewKey(), NewBody());

        var answers = new[]
        {
            await PostAsync(Client(tenantA, "client-x"), Path, body, key),
            await PostAsync(Client(tenantA, "client-y"), Path, body, key),
            await PostAsync(Client(tenantB, "client-x"), Path, body, key),
        };

        Assert.All(answers, a => Assert.True(a.IsSuccessStatusCode && !a.Headers.Contains("Idempotent-Replayed"), $"{(int)a.StatusCode}"));
        Assert.Equal(2, await EffectsAsync(tenantA));
        Assert.Equal(1, await EffectsAsync(tenantB));
    }

    [Fact]
    public async Task Without_a_key_each_request_has_its_effect()
    {
        var tenant = Tenants.New();
        var body = NewBody();

        await PostAsync(Client(tenant), Path, body, null);
        await PostAsync(Client(tenant), Path, body, null);

        Assert.Equal(2, await EffectsAsync(tenant));
    }

    [Theory]
    [InlineData(256)]
    [InlineData(0)]
    public async Task A_key_that_is_empty_or_over_255_characters_is_a_400_problem_and_makes_no_effect(int length)
    {
        var tenant = Tenants.New();

        var response = await PostAsync(Client(tenant), Path, NewBody(), length == 0 ? "\"\"" : new string('k', length));

        Assert.Equal("idempotency-key-invalid", (await response.ReadProblemAsync(400)).GetProperty("code").GetString());
        Assert.Equal(0, await EffectsAsync(tenant));
    }

    [Fact]
    public async Task A_refusal_of_the_request_itself_is_stored_and_replayed_too()
    {
        var tenant = Tenants.New();
        var (key, body) = (NewKey(), InvalidBody());

        var first = await PostAsync(Client(tenant), Path, body, key);
        var retry = await PostAsync(Client(tenant), Path, body, key);

        Assert.InRange((int)first.StatusCode, 400, 499);
        Assert.Equal(first.StatusCode, retry.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.True(retry.Headers.Contains("Idempotent-Replayed"));
    }

    [Fact]
    public async Task A_key_is_kept_24_hours_then_it_is_new_again_and_the_retention_worker_prunes_it()
    {
        var tenant = Tenants.New();
        var (key, body) = (NewKey(), NewBody());
        Assert.True((await PostAsync(Client(tenant), Path, body, key)).IsSuccessStatusCode);
        var kept = await TestDb.ScalarAsync<double>(factory.ConnectionString,
            "SELECT extract(epoch FROM expires_at - created_at) FROM idempotency_keys WHERE tenant_id = $1 AND key = $2 AND state = 'completed'", tenant, key);
        Assert.Equal(TimeSpan.FromHours(24).TotalSeconds, kept);

        await TestDb.ScalarAsync<int>(factory.ConnectionString,
            "WITH aged AS (UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE tenant_id = $1 RETURNING 1) SELECT count(*)::int FROM aged", tenant);
        var again = await PostAsync(Client(tenant), Path, body, key);
        Assert.True(again.IsSuccessStatusCode && !again.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(2, await EffectsAsync(tenant));

        await TestDb.ScalarAsync<int>(factory.ConnectionString,
            "WITH aged AS (UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE tenant_id = $1 RETURNING 1) SELECT count(*)::int FROM aged", tenant);
        await factory.Services.GetRequiredService<RetentionWorker>().RunOnceAsync(CancellationToken.None);
        Assert.Equal(0, await TestDb.ScalarAsync<long>(factory.ConnectionString, "SELECT count(*) FROM idempotency_keys WHERE tenant_id = $1", tenant));
    }
}
