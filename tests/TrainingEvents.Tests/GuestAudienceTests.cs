using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Tests;

namespace SheqingMinyi.TrainingEvents.Tests;

/// <summary>跨租户报名 and the audience: a shared event for kinds of person takes a guest of those kinds as the guest's
/// OWN tenant announced them (not as the owner knows the same id); one for the owner's units takes no guest; one for
/// the whole tenant takes any.</summary>
public sealed class GuestAudienceTests(TrainingFactory factory) : IClassFixture<TrainingFactory>
{
    private readonly StreamFeeder _feeder = new(factory.RedisPrefix);

    private async Task AnnounceAsync(string tenant, PersonRegistered person) =>
        await _feeder.WaitConsumedAsync(await _feeder.PublishAsync(tenant, person), ResourceNames.TrainingEvents);

    private static Task<HttpResponseMessage> EnterAsync(HttpClient guest, Guid id) => guest.PostAsJsonAsync($"/shared-events/{id}/registrations", new { });

    private async Task<(string Owner, HttpClient Staff, Guid Id)> SharedAsync(Action<Dictionary<string, object?>> audience)
    {
        var owner = Tenants.New();
        var staff = factory.ClientFor(owner);
        var plan = TrainingSteps.Lecture(title: "市政协开放讲座");
        plan["sharedWithOtherTenants"] = true;
        audience(plan);
        var (id, _) = await TrainingSteps.OpenedAsync(staff, plan);
        return (owner, staff, id);
    }

    [Fact]
    public async Task A_guest_is_admitted_by_the_kinds_their_own_tenant_announced()
    {
        var (owner, staff, id) = await SharedAsync(plan =>
        {
            plan["audience"] = "person-kinds";
            plan["audiencePersonKinds"] = new[] { "special-officer" };
        });
        var district = Tenants.New();
        var (officer, member, unknown) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await AnnounceAsync(district, new PersonRegistered(officer, "赵敏", null, ["member"], ["member", "special-officer"]));
        await AnnounceAsync(district, new PersonRegistered(member, "钱坤", null, ["member"], ["member"]));
        // The same person id in the owner's tenant is a special officer: it must not let the district's member in.
        await AnnounceAsync(owner, new PersonRegistered(member, "钱坤", null, ["member"], ["special-officer"]));

        Assert.Equal(HttpStatusCode.Created, (await EnterAsync(TrainingSteps.Member(factory, district, officer), id)).StatusCode);
        foreach (var person in new[] { member, unknown })
        {
            var problem = await (await EnterAsync(TrainingSteps.Member(factory, district, person), id)).ReadProblemAsync(409);
            Assert.Equal(("not-in-audience", "该活动只面向特约信息员，您不在其中"), (problem.GetProperty("code").GetString(), problem.GetProperty("title").GetString()));
        }
        var registered = await TrainingSteps.RegistrationsAsync(staff, id);
        Assert.Equal((officer, district), (Assert.Single(registered).GetProperty("personId").GetGuid(), registered[0].GetProperty("guestTenantId").GetString()));
    }

    [Fact]
    public async Task A_guest_is_refused_an_event_for_the_owners_units_and_admitted_to_one_for_the_whole_tenant()
    {
        var unit = Guid.NewGuid();
        var (_, unitsStaff, forUnits) = await SharedAsync(plan =>
        {
            plan["audience"] = "units";
            plan["audienceUnitIds"] = new[] { unit };
        });
        var (_, _, forAll) = await SharedAsync(_ => { });
        var district = Tenants.New();
        var guest = Guid.NewGuid();
        await AnnounceAsync(district, new PersonRegistered(guest, "孙丽", unit, ["member"], ["member"])); // even a unit id that happens to match
        var client = TrainingSteps.Member(factory, district, guest);

        var refused = await (await EnterAsync(client, forUnits)).ReadProblemAsync(409);

        Assert.Equal(("not-in-audience", "该活动只面向主办方的指定单位，其他单位的人员不能报名"),
            (refused.GetProperty("code").GetString(), refused.GetProperty("title").GetString()));
        Assert.Empty(await TrainingSteps.RegistrationsAsync(unitsStaff, forUnits));
        Assert.Equal(HttpStatusCode.Created, (await EnterAsync(client, forAll)).StatusCode);
    }

    [Fact]
    public async Task The_listing_tells_a_guest_before_registering_whether_and_by_which_kinds_guests_are_admitted()
    {
        var (_, _, forUnits) = await SharedAsync(plan =>
        {
            plan["audience"] = "units";
            plan["audienceUnitIds"] = new[] { Guid.NewGuid() };
        });
        var (_, _, forKinds) = await SharedAsync(plan =>
        {
            plan["audience"] = "person-kinds";
            plan["audiencePersonKinds"] = new[] { "special-officer", "member" };
        });
        var (_, _, forAll) = await SharedAsync(_ => { });
        var guest = factory.ClientFor(Tenants.New());

        async Task<(bool, string[], string)> AudienceAsync(Guid id)
        {
            var listing = await guest.GetFromJsonAsync<JsonElement>($"/shared-events/{id}");
            Assert.False(listing.TryGetProperty("audienceUnitIds", out _)); // the owner's units stay the owner's
            return (listing.GetProperty("guestsAdmitted").GetBoolean(),
                [.. listing.GetProperty("guestPersonKinds").EnumerateArray().Select(k => k.GetString()!)],
                listing.GetProperty("guestAudienceName").GetString()!);
        }

        var units = await AudienceAsync(forUnits);
        Assert.Equal((false, 0, "仅面向主办方的指定单位，不接受其他单位报名"), (units.Item1, units.Item2.Length, units.Item3));
        var kinds = await AudienceAsync(forKinds);
        Assert.Equal((true, "special-officer,member", "面向特约信息员、委员"), (kinds.Item1, string.Join(",", kinds.Item2), kinds.Item3));
        var all = await AudienceAsync(forAll);
        Assert.Equal((true, 0, "面向全体，其他单位人员均可报名"), (all.Item1, all.Item2.Length, all.Item3));
    }
}
