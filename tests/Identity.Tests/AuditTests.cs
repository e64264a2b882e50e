using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SheqingMinyi.Identity.Tests;

/// <summary>Sign-ins, failed or not, are on the tenant's audit trail, which its admin reads.</summary>
public sealed class AuditTests(IdentityFactory factory) : IClassFixture<IdentityFactory>
{
    private async Task<JsonElement[]> TrailAsync(string admin, string action)
    {
        var client = factory.CreateClient().WithBearer(await Tokens.AccessTokenForAsync(factory.CreateClient(), admin));
        var page = await client.GetFromJsonAsync<JsonElement>($"/admin/audit?action={action}&pageSize=200");
        return [.. page.GetProperty("items").EnumerateArray()];
    }

    [Fact]
    public async Task A_failed_and_a_successful_sign_in_are_audited_for_the_accounts_tenant()
    {
        var before = (await TrailAsync("mj-admin", "sign-in-failed")).Length;
        var (status, _) = await Tokens.PasswordAsync(factory.CreateClient(), "liufeilong", "wrong-password");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        await Tokens.AccessTokenForAsync(factory.CreateClient(), "liufeilong");

        var failures = await TrailAsync("mj-admin", "sign-in-failed");
        Assert.Equal(before + 1, failures.Length);
        Assert.Equal("liufeilong", failures[0].GetProperty("subject").GetString());
        Assert.Equal("wrong password", failures[0].GetProperty("outcome").GetString());
        Assert.Matches("^[0-9a-f]{32}$", failures[0].GetProperty("traceId").GetString());
        Assert.Contains(await TrailAsync("mj-admin", "sign-in"), e => e.GetProperty("outcome").GetString() == "liufeilong");
        // 沙坪坝's admin does not see 民建's sign-ins.
        Assert.DoesNotContain(await TrailAsync("spb-admin", "sign-in-failed"), e => e.GetProperty("subject").GetString() == "liufeilong");
    }

    [Fact]
    public async Task A_member_cannot_read_the_trail()
    {
        var client = factory.CreateClient().WithBearer(await Tokens.AccessTokenForAsync(factory.CreateClient(), "zhangming"));
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/admin/audit")).StatusCode);
    }
}
