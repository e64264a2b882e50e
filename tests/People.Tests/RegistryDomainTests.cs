using SheqingMinyi.BuildingBlocks.Calendar;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.People.Domain;

namespace SheqingMinyi.People.Tests;

/// <summary>The registry's rules on the aggregates themselves: units, persons and memberships, without HTTP or a database.</summary>
public sealed class RegistryDomainTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 30, 20, 0, 0, TimeSpan.Zero); // 1 July in Beijing
    private static DateOnly D(string day) => DateOnly.Parse(day);

    private static Unit NewUnit(Guid? parent = null) => Unit.Create(Guid.NewGuid(), "t", "单位", UnitTypes.Sector, parent);
    private static Person NewPerson() => Person.Register(Guid.NewGuid(), "t", "张明", null, ["member"], Now);

    [Fact]
    public void Today_is_the_day_in_Beijing()
    {
        Assert.Equal(D("2026-07-01"), BodyCalendar.Today(Now));
        Assert.Equal(D("2026-06-30"), BodyCalendar.Today(Now.AddHours(-5)));
    }

    [Fact]
    public void Renaming_raises_UnitChanged_with_the_next_version_and_the_same_name_raises_nothing()
    {
        var unit = NewUnit();
        unit.TakeRaisedEvents();

        Assert.True(unit.Rename(" 新名 ", Now).Succeeded);
        Assert.True(unit.Rename("新名", Now).Succeeded);

        var changed = Assert.IsType<UnitChanged>(Assert.Single(unit.TakeRaisedEvents()));
        Assert.Equal(("新名", 2), (changed.Name, changed.Version));
        Assert.Equal(2, unit.Version);
    }

    [Fact]
    public void Moving_under_itself_or_a_unit_below_it_is_a_cycle()
    {
        var top = NewUnit();
        var child = NewUnit(top.Id);

        Assert.Equal("unit-cycle", top.MoveTo(top, [top.Id], Now).Error?.Code);
        Assert.Equal("unit-cycle", top.MoveTo(child, [child.Id, top.Id], Now).Error?.Code);
        Assert.Null(top.ParentId);
        Assert.Equal(1, top.Version);
    }

    [Fact]
    public void Moving_under_a_closed_unit_is_refused_and_to_the_top_is_allowed()
    {
        var closed = NewUnit();
        closed.Close("合并", 0, Now);
        var other = NewUnit();
        var unit = NewUnit(other.Id);

        Assert.Equal("parent-closed", unit.MoveTo(closed, [closed.Id], Now).Error?.Code);
        Assert.True(unit.MoveTo(null, [], Now).Succeeded);
        Assert.Null(unit.ParentId);
        Assert.Equal(2, unit.Version);
    }

    [Fact]
    public void Closing_is_refused_with_open_children_and_a_second_time()
    {
        var unit = NewUnit();

        Assert.Equal("unit-has-open-children", unit.Close("撤销", 2, Now).Error?.Code);
        Assert.False(unit.IsClosed);
        Assert.True(unit.Close(" 机构调整 ", 0, Now).Succeeded);
        Assert.Equal(("机构调整", Now), (unit.CloseReason, unit.ClosedAt));
        Assert.Equal("unit-closed", unit.Close("再次", 0, Now).Error?.Code);
        Assert.Equal("unit-closed", unit.Rename("改名", Now).Error?.Code);
        Assert.Equal(2, unit.Version);
    }

    [Fact]
    public void An_inactive_person_cannot_be_updated_or_deactivated_again()
    {
        var person = NewPerson();
        Assert.True(person.Deactivate("退休", Now).Succeeded);

        Assert.Equal("person-inactive", person.Update("新名", null, [], [], Now).Error?.Code);
        Assert.Equal("person-inactive", person.Deactivate("退休", Now).Error?.Code);
        Assert.Equal(("张明", 2), (person.Name, person.Version));
    }

    [Fact]
    public void Beginning_a_membership_checks_dates_person_unit_and_overlap()
    {
        var person = NewPerson();
        var unit = NewUnit();
        var existing = Membership.Start(Guid.NewGuid(), "t", person.Id, unit.Id, "委员", D("2024-01-01"), D("2024-12-31"));

        Assert.Equal("membership-ends-before-start",
            Membership.Begin(Guid.NewGuid(), person, unit, "委员", D("2025-02-01"), D("2025-01-31"), []).Error?.Code);
        Assert.Equal("membership-overlap",
            Membership.Begin(Guid.NewGuid(), person, unit, "委员", D("2024-12-31"), null, [existing]).Error?.Code);
        var next = Membership.Begin(Guid.NewGuid(), person, unit, "副主任", D("2025-01-01"), null, [existing]);
        Assert.True(next.Succeeded);
        Assert.Equal((1, "副主任"), (next.Value!.Version, next.Value.Role));

        unit.Close("撤销", 0, Now);
        Assert.Equal("unit-closed", Membership.Begin(Guid.NewGuid(), person, unit, "委员", D("2026-01-01"), null, []).Error?.Code);
        person.Deactivate("离任", Now);
        Assert.Equal("person-inactive", Membership.Begin(Guid.NewGuid(), person, NewUnit(), "委员", D("2026-01-01"), null, []).Error?.Code);
    }

    [Theory]
    [InlineData("2024-01-01", null, "2024-06-01", true)]
    [InlineData("2024-01-01", "2024-06-01", "2024-06-01", true)] // both ends inclusive
    [InlineData("2024-01-01", "2024-06-01", "2024-06-02", false)]
    [InlineData("2024-01-01", null, "2023-12-31", false)]
    public void A_membership_is_on_a_day_between_its_inclusive_ends(string starts, string? ends, string day, bool on)
    {
        var membership = Membership.Start(Guid.NewGuid(), "t", Guid.NewGuid(), Guid.NewGuid(), "委员", D(starts), ends is null ? null : D(ends));
        Assert.Equal(on, membership.IsOn(D(day)));
    }

    [Fact]
    public void Ending_on_leaving_ends_open_ones_that_day_and_voids_ones_not_yet_started()
    {
        var open = Membership.Start(Guid.NewGuid(), "t", Guid.NewGuid(), Guid.NewGuid(), "委员", D("2024-01-01"));
        var future = Membership.Start(Guid.NewGuid(), "t", Guid.NewGuid(), Guid.NewGuid(), "委员", D("2026-09-01"));
        var ended = Membership.Start(Guid.NewGuid(), "t", Guid.NewGuid(), Guid.NewGuid(), "委员", D("2023-01-01"), D("2023-12-31"));

        foreach (var m in new[] { open, future, ended }) m.EndOnLeaving(D("2026-07-01"));

        Assert.Equal((D("2026-07-01"), 2), (open.EndsOn!.Value, open.Version));
        Assert.Equal(D("2026-08-31"), future.EndsOn);
        Assert.False(future.IsOn(D("2026-09-01")));
        Assert.Equal((D("2023-12-31"), 1), (ended.EndsOn!.Value, ended.Version)); // history untouched, nothing announced
    }

    [Fact]
    public void The_role_of_an_ended_membership_stays_and_a_current_one_changes_with_an_event()
    {
        var ended = Membership.Start(Guid.NewGuid(), "t", Guid.NewGuid(), Guid.NewGuid(), "委员", D("2023-01-01"), D("2023-12-31"));
        var current = Membership.Start(Guid.NewGuid(), "t", Guid.NewGuid(), Guid.NewGuid(), "委员", D("2023-01-01"));
        current.TakeRaisedEvents();

        Assert.Equal("membership-ended", ended.ChangeRole("主任", D("2026-07-01")).Error?.Code);
        Assert.True(current.ChangeRole("副主任", D("2026-07-01")).Succeeded);

        Assert.Equal("委员", ended.Role);
        var changed = Assert.IsType<MembershipChanged>(Assert.Single(current.TakeRaisedEvents()));
        Assert.Equal(("副主任", 2), (changed.Role, changed.Version));
    }
}
