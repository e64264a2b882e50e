using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SheqingMinyi.EndToEnd.Tests;

/// <summary>Real tokens from the identity service, through the real gateway, accepted by the services.</summary>
[Collection(PlatformCollection.Name)]
public sealed class SignInTests(PlatformFixture platform)
{
    [Fact]
    public async Task Without_a_token_the_gateway_answers_401_problem()
    {
        var response = await platform.Anonymous().GetAsync("/api/intake/submissions");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_demo_partner_system_submits_within_its_tenant()
    {
        var partner = await platform.PartnerAsync("intake.submit intake.read");
        var id = await FlowTests.SubmitNewItemAsync(partner, await platform.NewAuthorAsync());

        // 沙坪坝's staff see it; 民建's leader does not.
        var own = await platform.SignedInAsync("wangfang");
        Assert.Equal(HttpStatusCode.OK, (await own.GetAsync($"/api/intake/submissions/{id}")).StatusCode);
        var other = await platform.SignedInAsync("chenjing");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/intake/submissions/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_wrong_password_gets_no_token()
    {
        var response = await platform.Anonymous().PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["client_id"] = "sqmy-portal", ["username"] = "zhangming", ["password"] = "wrong",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_grant", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }
}
