using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Scoring.Tests;

/// <summary>计分标准 through the API: versions, who reads and who changes them, If-Match, and bad input in Chinese.</summary>
public sealed class RulesApiTests(ScoringFactory factory) : IClassFixture<ScoringFactory>
{
    private readonly ScoringKit _kit = new(factory);

    [Fact]
    public async Task A_tenant_that_set_nothing_has_the_default_table_as_version_1()
    {
        var tenant = ScoringKit.NewTenant();
        var response = await _kit.Client(tenant).GetAsync("/rules");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"1\"", response.Headers.ETag!.Tag);
        var rules = (await response.Content.ReadFromJsonAsync<RulesDto>(ScoringKit.Json))!;
        Assert.Equal((1, true, (string?)null), (rules.RuleVersion, rules.IsDefault, rules.EffectiveFrom));
        Assert.Equal((1m, 5m, 10m, 20m, 5m, 3m, 1m, "share"), (rules.Rules["submitted"].GetDecimal(), rules.Rules["adoptedOwnBody"].GetDecimal(),
            rules.Rules["adoptedParentBody"].GetDecimal(), rules.Rules["adoptedNational"].GetDecimal(), rules.Rules["solicitationBonus"].GetDecimal(),
            rules.Rules["excellentSelection"].GetDecimal(), rules.Rules["trainingAttended"].GetDecimal(), rules.Rules["coAuthorMode"].GetString()));
        var versions = await _kit.Client(tenant).GetFromJsonAsync<PageDto<RulesDto>>("/rules/versions", ScoringKit.Json);
        Assert.Equal([1], versions!.Items.Select(v => v.RuleVersion));
    }

    [Fact]
    public async Task The_admin_adds_version_2_over_version_1_and_the_fields_left_out_keep_their_values()
    {
        var tenant = ScoringKit.NewTenant();
        var changed = await _kit.ChangeRulesAsync(tenant, new { effectiveFrom = "2026-01-01", adoptedOwnBody = 8, coAuthorMode = "full", submittedMonthlyCap = 3 });

        Assert.Equal((2, false, "2026-01-01"), (changed.RuleVersion, changed.IsDefault, changed.EffectiveFrom));
        Assert.Equal((8m, 1m, "full", 3), (changed.Rules["adoptedOwnBody"].GetDecimal(), changed.Rules["submitted"].GetDecimal(),
            changed.Rules["coAuthorMode"].GetString(), changed.Rules["submittedMonthlyCap"].GetInt32()));
        var current = await _kit.Client(tenant).GetAsync("/rules");
        Assert.Equal("\"2\"", current.Headers.ETag!.Tag);
        var versions = await _kit.Client(tenant).GetFromJsonAsync<PageDto<RulesDto>>("/rules/versions", ScoringKit.Json);
        Assert.Equal([2, 1], versions!.Items.Select(v => v.RuleVersion));
        var one = await _kit.Client(tenant).GetFromJsonAsync<RulesDto>("/rules/versions/1", ScoringKit.Json);
        Assert.Equal(5m, one!.Rules["adoptedOwnBody"].GetDecimal());
        await (await _kit.Client(tenant).GetAsync("/rules/versions/3")).ReadProblemAsync(404);

        // Removing the cap: 0.
        var uncapped = await _kit.ChangeRulesAsync(tenant, new { effectiveFrom = "2026-02-01", submittedMonthlyCap = 0 });
        Assert.False(uncapped.Rules.ContainsKey("submittedMonthlyCap"));
        Assert.Equal(8m, uncapped.Rules["adoptedOwnBody"].GetDecimal());
    }

    [Fact]
    public async Task A_change_needs_the_current_version_s_etag()
    {
        var tenant = ScoringKit.NewTenant();
        var body = new { effectiveFrom = "2026-01-01", submitted = 2 };
        var missing = new HttpRequestMessage(HttpMethod.Put, "/rules") { Content = JsonContent.Create(body) };
        await (await _kit.Admin(tenant).SendAsync(missing)).ReadProblemAsync(428);
        await (await _kit.PutRulesAsync(tenant, body, "\"7\"")).ReadProblemAsync(412);
        await _kit.ChangeRulesAsync(tenant, body);

        // The ETag of version 1, read before the change, is stale now: nothing is added.
        await (await _kit.PutRulesAsync(tenant, body, "\"1\"")).ReadProblemAsync(412);
        var versions = await _kit.Client(tenant).GetFromJsonAsync<PageDto<RulesDto>>("/rules/versions", ScoringKit.Json);
        Assert.Equal(2, versions!.Total);
    }

    [Theory]
    [InlineData("member")]
    [InlineData("officer")]
    public async Task Members_and_officers_neither_read_nor_change_the_rules(string role)
    {
        var tenant = ScoringKit.NewTenant();
        var client = factory.ClientFor(tenant, [role], Guid.NewGuid());
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/rules")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/rules/versions")).StatusCode);
        var put = new HttpRequestMessage(HttpMethod.Put, "/rules") { Content = JsonContent.Create(new { effectiveFrom = "2026-01-01" }) };
        put.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(put)).StatusCode);
    }

    [Theory]
    [InlineData("leader")]
    [InlineData("staff-editor")]
    public async Task Staff_and_leaders_read_but_only_the_tenant_admin_changes(string role)
    {
        var tenant = ScoringKit.NewTenant();
        var client = factory.ClientFor(tenant, [role], Guid.NewGuid());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/rules")).StatusCode);
        var put = new HttpRequestMessage(HttpMethod.Put, "/rules") { Content = JsonContent.Create(new { effectiveFrom = "2026-01-01" }) };
        put.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(put)).StatusCode);
        Assert.Equal("\"1\"", (await client.GetAsync("/rules")).Headers.ETag!.Tag);
    }

    public static TheoryData<string, string> BadRules => new()
    {
        { """{"submitted":2}""", "effectiveFrom" },
        { """{"effectiveFrom":"2026-13-01"}""", "effectiveFrom" },
        { """{"effectiveFrom":"26-01-01"}""", "effectiveFrom" },
        { """{"effectiveFrom":"1999-12-31"}""", "effectiveFrom" },
        { """{"effectiveFrom":"2026-01-01","submitted":-1}""", "submitted" },
        { """{"effectiveFrom":"2026-01-01","adoptedOwnBody":1001}""", "adoptedOwnBody" },
        { """{"effectiveFrom":"2026-01-01","instructionNational":1.005}""", "instructionNational" },
        { """{"effectiveFrom":"2026-01-01","submittedMonthlyCap":-1}""", "submittedMonthlyCap" },
        { """{"effectiveFrom":"2026-01-01","submittedMonthlyCap":1001}""", "submittedMonthlyCap" },
        { """{"effectiveFrom":"2026-01-01","coAuthorMode":"half"}""", "coAuthorMode" },
        { """{"effectiveFrom":"2026-01-01","trainingByKind":{"Expert Lecture":2}}""", "trainingByKind.Expert Lecture" },
        { """{"effectiveFrom":"2026-01-01","trainingByKind":{"expert-lecture":-2}}""", "trainingByKind.expert-lecture" },
    };

    [Theory]
    [MemberData(nameof(BadRules))]
    public async Task Bad_rules_are_a_400_naming_the_field_in_chinese_and_add_no_version(string body, string field)
    {
        var tenant = ScoringKit.NewTenant();
        var response = await _kit.PutRulesAsync(tenant, JsonDocument.Parse(body).RootElement);

        var problem = await response.ReadProblemAsync(400);
        var messages = problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Contains(messages, m => m.Any(c => c >= 0x4e00 && c <= 0x9fff));
        Assert.Equal("\"1\"", (await _kit.Client(tenant).GetAsync("/rules")).Headers.ETag!.Tag);
    }

    [Fact]
    public async Task Entries_record_the_rule_version_that_priced_them()
    {
        var tenant = ScoringKit.NewTenant();
        var (before, after) = (Guid.NewGuid(), Guid.NewGuid());
        await _kit.FeedAsync(tenant, new IntegrationEvents.SubmissionSubmitted(Guid.NewGuid(), "关于校园安全的建议", before, Guid.NewGuid(),
            ScoringKit.Beijing(2026, 3, 10, 9)));
        await _kit.ChangeRulesAsync(tenant, new { effectiveFrom = "2026-06-01", submitted = 2 });
        await _kit.FeedAsync(tenant, new IntegrationEvents.SubmissionSubmitted(Guid.NewGuid(), "关于河道治理的建议", after, Guid.NewGuid(),
            ScoringKit.Beijing(2026, 7, 10, 9)));

        Assert.Equal([(1, 1m)], (await _kit.LedgerAsync(tenant, before)).Items.Select(e => (e.RuleVersion, e.Points)));
        Assert.Equal([(2, 2m)], (await _kit.LedgerAsync(tenant, after)).Items.Select(e => (e.RuleVersion, e.Points)));
    }
}
