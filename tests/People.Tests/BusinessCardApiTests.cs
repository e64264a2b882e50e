using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using SheqingMinyi.Tests;

namespace SheqingMinyi.People.Tests;

/// <summary>委员数字名片: issue, rotate (revoke and reissue), read, and the QR codes; who may do it.</summary>
public sealed class BusinessCardApiTests(CardFactory factory) : IClassFixture<CardFactory>
{
    [Fact]
    public async Task Issuing_gives_a_public_url_under_the_public_origin_and_the_database_keeps_no_plain_token()
    {
        var (staff, personId, card, _) = await CardsApi.MemberWithCardAsync(factory);

        Assert.StartsWith($"{CardFactory.Origin}/card/", card.Url);
        Assert.Matches("^[A-Za-z0-9_-]{32}$", card.Token); // 192 bits, URL-safe
        Assert.Equal(1, card.Body.GetProperty("generation").GetInt32());
        Assert.False(card.Body.TryGetProperty("token", out _));
        var read = await staff.GetAsync($"/persons/{personId}/card");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(card.Url, (await read.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("publicUrl").GetString());
        Assert.Equal(card.ETag, read.Headers.ETag!.ToString());

        var hash = await TestDb.ScalarAsync<string>(factory.ConnectionString, "SELECT encode(token_hash, 'hex') FROM business_cards WHERE person_id = $1", personId);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(card.Token))), hash);
        var stored = await TestDb.ScalarAsync<string>(factory.ConnectionString, "SELECT protected_token FROM business_cards WHERE person_id = $1", personId);
        Assert.DoesNotContain(card.Token, stored);
    }

    [Fact]
    public async Task Rotating_kills_the_old_token_at_once_and_the_new_one_works()
    {
        var (staff, personId, card, _) = await CardsApi.MemberWithCardAsync(factory);
        var anonymous = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(CardsApi.PublicPath(card.Token))).StatusCode);

        var rotated = await CardsApi.RotateAsync(staff, card);

        Assert.NotEqual(card.Token, rotated.Token);
        Assert.Equal(2, rotated.Body.GetProperty("generation").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(CardsApi.PublicPath(card.Token))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(CardsApi.PublicPath(rotated.Token))).StatusCode);
        var read = await staff.GetFromJsonAsync<JsonElement>($"/persons/{personId}/card");
        Assert.Equal(rotated.Url, read.GetProperty("publicUrl").GetString());
        Assert.Equal(1, await TestDb.ScalarAsync<long>(factory.ConnectionString, "SELECT count(*) FROM business_cards WHERE person_id = $1", personId));
    }

    [Fact]
    public async Task Rotating_needs_the_current_ETag_and_a_stale_one_changes_nothing()
    {
        var (staff, personId, card, _) = await CardsApi.MemberWithCardAsync(factory);
        var rotated = await CardsApi.RotateAsync(staff, card);

        var without = await staff.PostAsync($"/persons/{personId}/card/rotate", null);
        Assert.Equal("precondition-required", (await without.ReadProblemAsync(428)).GetProperty("code").GetString());
        using var stale = new HttpRequestMessage(HttpMethod.Post, $"/persons/{personId}/card/rotate");
        stale.Headers.TryAddWithoutValidation("If-Match", card.ETag);
        Assert.Equal("precondition-failed", (await (await staff.SendAsync(stale)).ReadProblemAsync(412)).GetProperty("code").GetString());

        var read = await staff.GetFromJsonAsync<JsonElement>($"/persons/{personId}/card");
        Assert.Equal(rotated.Url, read.GetProperty("publicUrl").GetString());
        Assert.Equal(2, read.GetProperty("generation").GetInt32());
    }

    [Fact]
    public async Task A_second_issue_is_refused_and_a_retried_issue_with_its_key_answers_the_first_card()
    {
        var staff = factory.ClientFor(Tenants.New());
        var personId = (await PeopleApi.RegisterAsync(staff, "李华", null, "member")).GetProperty("id").GetGuid();
        var key = Guid.NewGuid().ToString();
        async Task<HttpResponseMessage> IssueWithKey()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/persons/{personId}/card");
            request.Headers.Add("Idempotency-Key", key);
            return await staff.SendAsync(request);
        }

        var first = await IssueWithKey();
        var retried = await IssueWithKey();
        var again = await staff.PostAsync($"/persons/{personId}/card", null);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        Assert.Equal((await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("publicUrl").GetString(),
            (await retried.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("publicUrl").GetString());
        Assert.Equal("card-exists", (await again.ReadProblemAsync(409)).GetProperty("code").GetString());
        Assert.Equal(1, await TestDb.ScalarAsync<long>(factory.ConnectionString, "SELECT count(*) FROM business_cards WHERE person_id = $1", personId));
    }

    [Fact]
    public async Task The_QR_code_is_a_PNG_and_an_SVG()
    {
        var (staff, personId, _, _) = await CardsApi.MemberWithCardAsync(factory);

        var png = await staff.GetAsync($"/persons/{personId}/card.png");
        Assert.Equal(HttpStatusCode.OK, png.StatusCode);
        Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
        var bytes = await png.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        Assert.True(bytes.Length > 500, $"a QR code of some size ({bytes.Length} bytes)");

        var svg = await staff.GetAsync($"/persons/{personId}/card.svg");
        Assert.Equal(HttpStatusCode.OK, svg.StatusCode);
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType?.MediaType);
        var root = XDocument.Parse(await svg.Content.ReadAsStringAsync()).Root!;
        Assert.Equal("svg", root.Name.LocalName);
        Assert.Contains(root.Descendants(), e => e.Name.LocalName is "path" or "rect"); // the modules are drawn

        // Both carry the card's ETag: a client holding it gets 304.
        var card = await staff.GetAsync($"/persons/{personId}/card");
        Assert.Equal(card.Headers.ETag, png.Headers.ETag);
        Assert.Equal(card.Headers.ETag, svg.Headers.ETag);
        using var again = new HttpRequestMessage(HttpMethod.Get, $"/persons/{personId}/card.png");
        again.Headers.IfNoneMatch.Add(png.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await staff.SendAsync(again)).StatusCode);
    }

    [Fact]
    public async Task The_QR_code_changes_with_the_token()
    {
        var (staff, personId, card, _) = await CardsApi.MemberWithCardAsync(factory);
        var before = await staff.GetStringAsync($"/persons/{personId}/card.svg");
        await CardsApi.RotateAsync(staff, card);
        Assert.NotEqual(before, await staff.GetStringAsync($"/persons/{personId}/card.svg"));
    }

    [Fact]
    public async Task A_member_manages_their_own_card_only_and_a_partner_none()
    {
        var tenant = Tenants.New();
        var staff = factory.ClientFor(tenant);
        var self = (await PeopleApi.RegisterAsync(staff, "王芳", null, "member")).GetProperty("id").GetGuid();
        var other = (await PeopleApi.RegisterAsync(staff, "刘飞龙", null, "member")).GetProperty("id").GetGuid();
        var member = factory.ClientFor(tenant, ["member"], self);
        var partner = factory.ClientFor(tenant, ["partner"], scopes: ["people.read"]);

        Assert.Equal(HttpStatusCode.Created, (await member.PostAsync($"/persons/{self}/card", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync($"/persons/{self}/card.png")).StatusCode);
        Assert.Equal("forbidden", (await (await member.PostAsync($"/persons/{other}/card", null)).ReadProblemAsync(403)).GetProperty("code").GetString());
        await (await partner.GetAsync($"/persons/{self}/card")).ReadProblemAsync(403);
        await (await partner.PostAsync($"/persons/{other}/card", null)).ReadProblemAsync(403);
        Assert.Equal(1, await TestDb.ScalarAsync<long>(factory.ConnectionString,
            "SELECT count(*) FROM business_cards WHERE tenant_id = $1", tenant));
    }

    [Fact]
    public async Task A_deactivated_person_gets_no_card_and_their_card_page_is_gone()
    {
        var (staff, personId, card, _) = await CardsApi.MemberWithCardAsync(factory);
        var other = (await PeopleApi.RegisterAsync(staff, "赵强", null, "member")).GetProperty("id").GetGuid();
        await TestDb.ScalarAsync<int>(factory.ConnectionString,
            "UPDATE persons SET deactivated_at = now() WHERE id = ANY($1) RETURNING 1", new[] { personId, other });

        Assert.Equal("person-inactive", (await (await staff.PostAsync($"/persons/{other}/card", null)).ReadProblemAsync(409)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await factory.CreateClient().GetAsync(CardsApi.PublicPath(card.Token))).StatusCode);
        Assert.Equal(0, await TestDb.ScalarAsync<long>(factory.ConnectionString, "SELECT count(*) FROM business_cards WHERE person_id = $1", other));
    }

    [Fact]
    public async Task Unknown_persons_and_persons_without_a_card_are_not_found()
    {
        var staff = factory.ClientFor(Tenants.New());
        var noCard = (await PeopleApi.RegisterAsync(staff, "陈静", null, "member")).GetProperty("id").GetGuid();

        await (await staff.PostAsync($"/persons/{Guid.NewGuid()}/card", null)).ReadProblemAsync(404);
        await (await staff.GetAsync($"/persons/{noCard}/card")).ReadProblemAsync(404);
        await (await staff.GetAsync($"/persons/{noCard}/card.png")).ReadProblemAsync(404);
        using var rotate = new HttpRequestMessage(HttpMethod.Post, $"/persons/{noCard}/card/rotate");
        rotate.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        await (await staff.SendAsync(rotate)).ReadProblemAsync(404);
    }

    [Fact]
    public async Task Another_tenants_person_and_card_are_not_found_and_nothing_changes()
    {
        var (_, personOfA, cardOfA, _) = await CardsApi.MemberWithCardAsync(factory);
        var b = factory.ClientFor(Tenants.New());
        var before = await TestDb.ScalarAsync<string>(factory.ConnectionString,
            "SELECT encode(token_hash, 'hex') || issued_at::text FROM business_cards WHERE person_id = $1", personOfA);

        await (await b.PostAsync($"/persons/{personOfA}/card", null)).ReadProblemAsync(404);
        await (await b.GetAsync($"/persons/{personOfA}/card")).ReadProblemAsync(404);
        await (await b.GetAsync($"/persons/{personOfA}/card.png")).ReadProblemAsync(404);
        await (await b.GetAsync($"/persons/{personOfA}/card.svg")).ReadProblemAsync(404);
        using var rotate = new HttpRequestMessage(HttpMethod.Post, $"/persons/{personOfA}/card/rotate");
        rotate.Headers.TryAddWithoutValidation("If-Match", cardOfA.ETag);
        await (await b.SendAsync(rotate)).ReadProblemAsync(404);

        Assert.Equal(before, await TestDb.ScalarAsync<string>(factory.ConnectionString,
            "SELECT encode(token_hash, 'hex') || issued_at::text FROM business_cards WHERE person_id = $1", personOfA));
        Assert.Equal(1, await TestDb.ScalarAsync<long>(factory.ConnectionString, "SELECT count(*) FROM business_cards WHERE person_id = $1", personOfA));
    }
}
