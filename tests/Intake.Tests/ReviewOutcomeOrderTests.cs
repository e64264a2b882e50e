using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Intake.Tests;

/// <summary>Review outcomes about one item arriving out of order never let an older one overwrite a newer state.</summary>
public sealed class ReviewOutcomeOrderTests(IntakeFactory factory) : IClassFixture<IntakeFactory>
{
    private string Prefix => factory.RedisPrefix;

    private static SubmissionAdopted Adopted(Guid id, int sequence, AdoptionLevel level = AdoptionLevel.OwnBody) =>
        new(id, Guid.NewGuid(), level, Guid.NewGuid(), Guid.NewGuid(), DateTimeOffset.UtcNow, sequence);

    private async Task<System.Text.Json.JsonElement> AfterAsync<TEvent>(HttpClient client, string tenant, Guid id, TEvent late) where TEvent : notnull
    {
        var entry = await EventStreams.PublishAsync(Prefix, Guid.NewGuid(), tenant, late);
        await EventStreams.WaitUntilConsumedAsync(Prefix, typeof(TEvent).Name, entry);
        return await Drafts.GetAsync(client, id);
    }

    [Fact]
    public async Task A_late_return_from_an_earlier_round_does_not_undo_the_adoption()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        var id = await Drafts.CreateSubmittedAsync(client);
        await EventStreams.PublishAsync(Prefix, Guid.NewGuid(), tenant, Adopted(id, sequence: 4));
        await Eventually.GetAsync(() => Drafts.GetAsync(client, id), s => s.GetProperty("status").GetString() == "adopted", what: "adopted");

        var read = await AfterAsync(client, tenant, id, new SubmissionReturned(id, Guid.NewGuid(), "旧的退回意见", DateTimeOffset.UtcNow.AddMinutes(-5), 1));

        Assert.Equal("adopted", read.GetProperty("status").GetString());
        Assert.False(read.TryGetProperty("reviewComment", out _), "the stale return's comment is not shown");
    }

    [Fact]
    public async Task A_late_adoption_still_records_its_level_but_not_its_status_over_a_newer_rejection()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        var id = await Drafts.CreateSubmittedAsync(client);
        await EventStreams.PublishAsync(Prefix, Guid.NewGuid(), tenant, new SubmissionRejected(id, Guid.NewGuid(), "不予采用", DateTimeOffset.UtcNow, 5));
        await Eventually.GetAsync(() => Drafts.GetAsync(client, id), s => s.GetProperty("status").GetString() == "not-adopted", what: "rejected");

        var read = await AfterAsync(client, tenant, id, Adopted(id, sequence: 3, AdoptionLevel.ParentBody));

        Assert.Equal("not-adopted", read.GetProperty("status").GetString());
        Assert.Equal("不予采用", read.GetProperty("reviewComment").GetString());
        Assert.Equal(["parent-body"], read.GetProperty("adoptionLevels").Strings());
    }

    [Fact]
    public async Task Each_level_of_the_adoption_ladder_is_listed_though_they_share_the_adopting_sequence()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        var id = await Drafts.CreateSubmittedAsync(client);

        var national = await AfterAsync(client, tenant, id, Adopted(id, sequence: 3, AdoptionLevel.National)); // a later level arriving first
        Assert.Equal("adopted", national.GetProperty("status").GetString());
        Assert.Equal(["national"], national.GetProperty("adoptionLevels").Strings());
        var own = await AfterAsync(client, tenant, id, Adopted(id, sequence: 3));
        var parent = await AfterAsync(client, tenant, id, Adopted(id, sequence: 3, AdoptionLevel.ParentBody));
        var replayed = await AfterAsync(client, tenant, id, Adopted(id, sequence: 3, AdoptionLevel.ParentBody));

        Assert.Equal(["national", "own-body"], own.GetProperty("adoptionLevels").Strings());
        Assert.Equal(["national", "own-body", "parent-body"], replayed.GetProperty("adoptionLevels").Strings());
        Assert.Equal(("adopted", "adopted"), (parent.GetProperty("status").GetString(), replayed.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Outcomes_in_order_each_take_effect()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        var id = await Drafts.CreateSubmittedAsync(client);

        var returned = await AfterAsync(client, tenant, id, new SubmissionReturned(id, Guid.NewGuid(), "请补充", DateTimeOffset.UtcNow, 1));
        Assert.Equal("returned", returned.GetProperty("status").GetString());
        await Drafts.SubmitAsync(client, id);
        var adopted = await AfterAsync(client, tenant, id, Adopted(id, sequence: 4));
        Assert.Equal("adopted", adopted.GetProperty("status").GetString());
        // The same sequence again (a republished copy with a new event id) changes nothing.
        var again = await AfterAsync(client, tenant, id, new SubmissionRejected(id, Guid.NewGuid(), "重复", DateTimeOffset.UtcNow, 4));
        Assert.Equal("adopted", again.GetProperty("status").GetString());
    }
}
