using System.Net;
using System.Net.Http.Json;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Identity.Tests;

/// <summary>Registering a tenant with an Idempotency-Key: a retry gets the first answer, not a 409 duplicate-tenant.</summary>
public sealed class TenantIdempotencyTests(IdentityFactory factory) : IClassFixture<IdentityFactory>
{
    [Fact]
    public async Task A_retried_registration_gets_the_first_answer_and_registers_once()
    {
        var client = await Tokens.SignedInClientAsync(factory, "operator");
        var id = $"t-{Guid.NewGuid():N}"[..14];
        var key = Guid.NewGuid().ToString();
        HttpRequestMessage Register()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/tenants") { Content = JsonContent.Create(new { id, name = "九龙坡区政协", kind = "cppcc", parentId = "cq-zx" }) };
            request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
            return request;
        }

        var first = await client.SendAsync(Register());
        var retry = await client.SendAsync(Register());

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.True(retry.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal(1, await TestDb.ScalarAsync<long>(factory.ConnectionString, "SELECT count(*) FROM tenants WHERE id = $1", id));
    }
}
