using System.Net;
using System.Net.Http.Json;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Intake.Tests;

/// <summary>
/// Intake credits only persons and units the people service announced and keeps active: its directory is fed by the
/// people events (through the real consumer here), idempotently and in any order.
/// </summary>
public sealed class PeopleDirectoryTests(IntakeFactory factory) : IClassFixture<IntakeFactory>
{
    private string Prefix => factory.RedisPrefix;

    private static object Draft(Guid author, Guid unit) => new { title = "关于社区养老的建议", body = "正文", authorPersonId = author, unitId = unit };

    private Task<string> PublishAsync<TEvent>(string tenant, TEvent e, Guid? eventId = null) where TEvent : notnull =>
        EventStreams.PublishAsync(Prefix, eventId ?? Guid.NewGuid(), tenant, e);

    private Task<(string Name, Guid? UnitId, int Version, bool Deactivated)?> PersonRowAsync(string tenant, Guid person) =>
        PeopleDirectoryRows.PersonAsync(factory.ConnectionString, tenant, person);

    /// <summary>Announces a person and a unit through the consumer and waits until both are in the directory.</summary>
    private async Task<(Guid Person, Guid Unit)> RegisteredAsync(string tenant)
    {
        var (person, unit) = (Guid.NewGuid(), Guid.NewGuid());
        await PublishAsync(tenant, new UnitCreated(unit, "经济委员会", "special-committee"));
        var entry = await PublishAsync(tenant, new PersonRegistered(person, "张明", unit, ["member"], ["member"]));
        await EventStreams.WaitUntilConsumedAsync(Prefix, nameof(PersonRegistered), entry);
        await Eventually.GetAsync(() => PeopleDirectoryRows.UnitVersionAsync(factory.ConnectionString, tenant, unit), v => v == 1, what: "unit known");
        return (person, unit);
    }

    [Fact]
    public async Task A_draft_naming_an_unknown_author_or_unit_is_refused_and_nothing_is_created()
    {
        var tenant = Tenants.New();
        var client = factory.UnannouncedClientFor(tenant);
        var before = await IntakeDb.CountsAsync(factory.ConnectionString);

        var problem = await (await client.PostAsJsonAsync(Drafts.Path, Draft(Guid.NewGuid(), Guid.NewGuid()))).ReadProblemAsync(400);

        var errors = problem.GetProperty("errors");
        Assert.Contains("本单位没有这名人员", errors.GetProperty("authorPersonId")[0].GetString());
        Assert.Contains("本单位没有这个报送单位", errors.GetProperty("unitId")[0].GetString());
        Assert.Equal(before, await IntakeDb.CountsAsync(factory.ConnectionString));
    }

    [Fact]
    public async Task A_person_announced_by_the_people_service_can_author_a_draft()
    {
        var tenant = Tenants.New();
        var (person, unit) = await RegisteredAsync(tenant);

        var response = await factory.UnannouncedClientFor(tenant).PostAsJsonAsync(Drafts.Path, Draft(person, unit));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(("张明", (Guid?)unit, 1, false), await PersonRowAsync(tenant, person));
    }

    [Fact]
    public async Task A_person_of_another_tenant_is_unknown_here()
    {
        var (tenant, other) = (Tenants.New(), Tenants.New());
        var (person, unit) = await RegisteredAsync(other);

        var problem = await (await factory.UnannouncedClientFor(tenant).PostAsJsonAsync(Drafts.Path, Draft(person, unit))).ReadProblemAsync(400);

        Assert.True(problem.GetProperty("errors").TryGetProperty("authorPersonId", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("unitId", out _));
    }

    [Fact]
    public async Task A_deactivated_author_can_neither_write_nor_submit_a_draft_written_before()
    {
        var tenant = Tenants.New();
        var (person, unit) = await RegisteredAsync(tenant);
        var client = factory.UnannouncedClientFor(tenant);
        var draft = await Drafts.CreateIdAsync(client, Draft(person, unit));

        var entry = await PublishAsync(tenant, new PersonDeactivated(person, DateTimeOffset.UtcNow, "届满离任", 2));
        await EventStreams.WaitUntilConsumedAsync(Prefix, nameof(PersonDeactivated), entry);

        var create = await (await client.PostAsJsonAsync(Drafts.Path, Draft(person, unit))).ReadProblemAsync(400);
        Assert.Contains("已停用", create.GetProperty("errors").GetProperty("authorPersonId")[0].GetString());
        var submit = await (await Drafts.PostSubmitAsync(client, draft)).ReadProblemAsync(409);
        Assert.Equal("author-inactive", submit.GetProperty("code").GetString());
        Assert.Equal("draft", (await Drafts.GetAsync(client, draft)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_closed_unit_takes_no_new_draft_and_no_submission()
    {
        var tenant = Tenants.New();
        var (person, unit) = await RegisteredAsync(tenant);
        var client = factory.UnannouncedClientFor(tenant);
        var draft = await Drafts.CreateIdAsync(client, Draft(person, unit));

        var entry = await PublishAsync(tenant, new UnitChanged(unit, "经济委员会", "special-committee", null, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, 2));
        await EventStreams.WaitUntilConsumedAsync(Prefix, nameof(UnitChanged), entry);

        var create = await (await client.PostAsJsonAsync(Drafts.Path, Draft(person, unit))).ReadProblemAsync(400);
        Assert.Contains("已撤销", create.GetProperty("errors").GetProperty("unitId")[0].GetString());
        Assert.Equal("unit-closed", (await (await Drafts.PostSubmitAsync(client, draft)).ReadProblemAsync(409)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Replayed_and_late_person_events_end_in_the_newest_state()
    {
        var tenant = Tenants.New();
        var (person, unit, newUnit) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var registered = new PersonRegistered(person, "李华", unit, ["member"], ["member"]);
        var updated = new PersonUpdated(person, "李华华", newUnit, ["member"], ["member"], DateTimeOffset.UtcNow, 2);
        var eventId = Guid.NewGuid();

        // Newest first, then the older registration, then the update again under its own event id.
        await PublishAsync(tenant, updated, eventId);
        var late = await PublishAsync(tenant, registered);
        await EventStreams.WaitUntilConsumedAsync(Prefix, nameof(PersonRegistered), late);
        var again = await PublishAsync(tenant, updated, eventId);
        await EventStreams.WaitUntilConsumedAsync(Prefix, nameof(PersonUpdated), again);

        Assert.Equal(("李华华", (Guid?)newUnit, 2, false), await PersonRowAsync(tenant, person));
        Assert.Equal(1, await IntakeDb.InboxRowsForAsync(factory.ConnectionString, eventId));
    }

    [Fact]
    public async Task A_deactivation_arriving_before_the_registration_still_leaves_the_person_inactive_and_named()
    {
        var tenant = Tenants.New();
        var (person, unit) = (Guid.NewGuid(), Guid.NewGuid());

        var first = await PublishAsync(tenant, new PersonDeactivated(person, DateTimeOffset.UtcNow, "离任", 2));
        await EventStreams.WaitUntilConsumedAsync(Prefix, nameof(PersonDeactivated), first);
        var second = await PublishAsync(tenant, new PersonRegistered(person, "王芳", unit, ["member"]));
        await EventStreams.WaitUntilConsumedAsync(Prefix, nameof(PersonRegistered), second);

        Assert.Equal(("王芳", (Guid?)unit, 1, true), await PersonRowAsync(tenant, person));
    }

    [Fact]
    public async Task An_older_unit_event_after_a_newer_one_changes_nothing()
    {
        var tenant = Tenants.New();
        var unit = Guid.NewGuid();
        var renamed = await PublishAsync(tenant, new UnitChanged(unit, "经济和科技委员会", "special-committee", null, null, DateTimeOffset.UtcNow, 2));
        await EventStreams.WaitUntilConsumedAsync(Prefix, nameof(UnitChanged), renamed);
        var created = await PublishAsync(tenant, new UnitCreated(unit, "经济委员会", "special-committee"));
        await EventStreams.WaitUntilConsumedAsync(Prefix, nameof(UnitCreated), created);

        Assert.Equal(2, await PeopleDirectoryRows.UnitVersionAsync(factory.ConnectionString, tenant, unit));
        Assert.Equal("经济和科技委员会", await TestDb.ScalarAsync<string>(factory.ConnectionString,
            "SELECT name FROM directory_units WHERE tenant_id = $1 AND unit_id = $2", tenant, unit));
    }
}
