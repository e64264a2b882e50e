using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.People.Domain;

namespace SheqingMinyi.People.Tests;

/// <summary>The appointment's rules, without a database: term dates, renewal and the ends.</summary>
public sealed class AppointmentDomainTests
{
    private static readonly DateOnly Today = new(2026, 12, 1);
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 2, 0, 0, TimeSpan.Zero);

    private static Appointment Started(DateOnly? startsOn = null, DateOnly? endsOn = null)
    {
        var outcome = Appointment.Start(Guid.NewGuid(), "cq-zx", Guid.NewGuid(), "spb-zx", " 张明 ", startsOn ?? Today.AddDays(-30),
            endsOn ?? Today.AddYears(1), Today, Now);
        Assert.True(outcome.Succeeded, outcome.Error?.Detail);
        return outcome.Value!;
    }

    [Fact]
    public void Starting_raises_AppointmentStarted_version_1_with_the_term_and_the_persons_tenant()
    {
        var appointment = Started(Today, Today.AddYears(2));

        Assert.Equal(AppointmentStatus.Active, appointment.Status);
        Assert.Equal("张明", appointment.PersonName);
        Assert.True(appointment.IsCrossTenant);
        Assert.Equal([new AppointmentTerm(Today, Today.AddYears(2), Now)], appointment.Terms);
        var raised = Assert.IsType<AppointmentStarted>(Assert.Single(appointment.TakeRaisedEvents()));
        Assert.Equal(new AppointmentStarted(appointment.Id, appointment.PersonId, "spb-zx", Today, Today.AddYears(2), 1), raised);
    }

    [Theory]
    [InlineData(1, 100, "appointment-starts-later")]   // starts tomorrow
    [InlineData(0, 0, "term-ends-before-start")]       // ends the day it starts
    [InlineData(-10, -20, "term-ends-before-start")]
    [InlineData(0, 365 * 5 + 2, "term-too-long")]      // more than five years
    [InlineData(-400, -1, "term-over")]                // ended yesterday
    public void A_bad_term_is_refused(int startOffset, int endOffset, string code)
    {
        var outcome = Appointment.Start(Guid.NewGuid(), "t", Guid.NewGuid(), "t", "某人", Today.AddDays(startOffset), Today.AddDays(endOffset), Today, Now);

        Assert.Equal(code, outcome.Error?.Code);
    }

    [Fact]
    public void A_term_of_just_under_five_years_is_accepted()
    {
        Assert.True(Appointment.Start(Guid.NewGuid(), "t", Guid.NewGuid(), "t", "某人", Today, Today.AddYears(5).AddDays(-1), Today, Now).Succeeded);
        Assert.Equal("term-too-long", Appointment.Start(Guid.NewGuid(), "t", Guid.NewGuid(), "t", "某人", Today, Today.AddYears(5), Today, Now).Error?.Code);
    }

    [Fact]
    public void Renewing_adds_a_term_from_the_day_after_the_end_and_raises_version_2()
    {
        var appointment = Started(endsOn: Today.AddDays(10));
        appointment.TakeRaisedEvents();

        Assert.True(appointment.Renew(Today.AddYears(2), Today, Now).Succeeded);

        Assert.Equal(Today.AddYears(2), appointment.EndsOn);
        Assert.Equal(2, appointment.Terms.Count);
        Assert.Equal(new AppointmentTerm(Today.AddDays(11), Today.AddYears(2), Now), appointment.Terms[1]);
        var raised = Assert.IsType<AppointmentStarted>(Assert.Single(appointment.TakeRaisedEvents()));
        Assert.Equal((2, Today.AddYears(2)), (raised.Version, raised.EndsOn));
    }

    [Fact]
    public void A_renewal_must_end_later_and_its_term_is_at_most_five_years()
    {
        var appointment = Started(endsOn: Today.AddDays(10));

        Assert.Equal("renewal-not-later", appointment.Renew(Today.AddDays(10), Today, Now).Error?.Code);
        Assert.Equal("term-too-long", appointment.Renew(Today.AddDays(11).AddYears(5), Today, Now).Error?.Code);
        Assert.Equal(1, appointment.Version);
        Assert.Single(appointment.Terms);
    }

    [Fact]
    public void Revoking_ends_today_and_a_second_revocation_or_a_renewal_is_refused()
    {
        var appointment = Started();
        appointment.TakeRaisedEvents();

        Assert.True(appointment.Revoke(" 调离 ", Today).Succeeded);
        Assert.Equal((AppointmentStatus.Revoked, Today, "调离"), (appointment.Status, appointment.EndedOn, appointment.RevokeReason));
        var ended = Assert.IsType<AppointmentEnded>(Assert.Single(appointment.TakeRaisedEvents()));
        Assert.Equal(new AppointmentEnded(appointment.Id, appointment.PersonId, "spb-zx", Today, "revoked", 2), ended);

        Assert.Equal("appointment-not-active", appointment.Revoke("再次", Today).Error?.Code);
        Assert.Equal("appointment-not-active", appointment.Renew(Today.AddYears(2), Today, Now).Error?.Code);
        Assert.Equal(2, appointment.Version);
        Assert.Empty(appointment.TakeRaisedEvents());
    }

    [Fact]
    public void Expiry_happens_only_after_the_last_day_and_only_once()
    {
        var appointment = Started(endsOn: Today);
        appointment.TakeRaisedEvents();

        Assert.Equal("term-running", appointment.Expire(Today).Error?.Code);
        Assert.True(appointment.Expire(Today.AddDays(1)).Succeeded);
        Assert.Equal((AppointmentStatus.Expired, Today), (appointment.Status, appointment.EndedOn));
        Assert.Equal("expired", Assert.IsType<AppointmentEnded>(Assert.Single(appointment.TakeRaisedEvents())).Reason);
        Assert.Equal("appointment-not-active", appointment.Expire(Today.AddDays(2)).Error?.Code);
        Assert.Equal("appointment-not-active", appointment.Renew(Today.AddYears(1), Today.AddDays(2), Now).Error?.Code);
    }
}
