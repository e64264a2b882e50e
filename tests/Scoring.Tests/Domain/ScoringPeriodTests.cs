using SheqingMinyi.Scoring.Domain;

namespace SheqingMinyi.Scoring.Tests.Domain;

/// <summary>Periods are Beijing-time calendar ranges, stored as UTC instants.</summary>
public sealed class ScoringPeriodTests
{
    private static DateTimeOffset Utc(int y, int mo, int d, int h = 0, int mi = 0, int s = 0) => new(y, mo, d, h, mi, s, TimeSpan.Zero);

    [Theory]
    [InlineData("2026", "2025-12-31T16:00:00Z", "2026-12-31T16:00:00Z")]
    [InlineData("2026-Q1", "2025-12-31T16:00:00Z", "2026-03-31T16:00:00Z")]
    [InlineData("2026-Q4", "2026-09-30T16:00:00Z", "2026-12-31T16:00:00Z")]
    [InlineData("2026-11", "2026-10-31T16:00:00Z", "2026-11-30T16:00:00Z")]
    [InlineData("2026-02", "2026-01-31T16:00:00Z", "2026-02-28T16:00:00Z")]
    [InlineData("2028-02", "2028-01-31T16:00:00Z", "2028-02-29T16:00:00Z")]
    [InlineData("2000", "1999-12-31T16:00:00Z", "2000-12-31T16:00:00Z")]
    [InlineData("2999-12", "2999-11-30T16:00:00Z", "2999-12-31T16:00:00Z")]
    public void A_valid_key_parses_to_its_Beijing_range_in_UTC(string key, string start, string end)
    {
        Assert.True(ScoringPeriod.TryParse(key, out var period));
        Assert.Equal(key, period.Key);
        Assert.Equal(DateTimeOffset.Parse(start), period.Start);
        Assert.Equal(DateTimeOffset.Parse(end), period.End);
        Assert.Equal(TimeSpan.Zero, period.Start.Offset); // PostgreSQL timestamptz parameters need offset 0
        Assert.Equal(TimeSpan.Zero, period.End.Offset);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("2026-13")]
    [InlineData("2026-00")]
    [InlineData("26")]
    [InlineData("abc")]
    [InlineData("2026-Q5")]
    [InlineData("2026-Q0")]
    [InlineData("2026-q4")]
    [InlineData("2026-1")]
    [InlineData("2026-11-01")]
    [InlineData(" 2026")]
    [InlineData("1999")]
    [InlineData("3000")]
    public void A_malformed_key_does_not_parse(string? key) => Assert.False(ScoringPeriod.TryParse(key, out _));

    [Theory]
    [InlineData("٢٠٢٦")]   // Arabic-Indic digits: \d matches them, int.Parse throws
    [InlineData("2026\n")] // $ matches before a final newline
    public void A_key_that_only_looks_like_a_year_does_not_parse(string key)
    {
        var parsed = false;
        var thrown = Record.Exception(() => parsed = ScoringPeriod.TryParse(key, out _));
        Assert.Null(thrown); // a Try method must not throw
        Assert.False(parsed);
    }

    [Fact]
    public void An_instant_at_half_past_midnight_on_new_year_in_Beijing_belongs_to_the_new_year_quarter_and_month() =>
        Assert.Equal(["2027", "2027-Q1", "2027-01"], ScoringPeriod.KeysFor(Utc(2026, 12, 31, 16, 30)));

    [Fact]
    public void The_last_second_of_the_year_in_Beijing_belongs_to_the_old_year() =>
        Assert.Equal(["2026", "2026-Q4", "2026-12"], ScoringPeriod.KeysFor(Utc(2026, 12, 31, 15, 59, 59)));

    [Theory]
    [InlineData("2026-03-31T16:00:00Z", "2026", "2026-Q2", "2026-04")]
    [InlineData("2026-03-31T15:59:59Z", "2026", "2026-Q1", "2026-03")]
    [InlineData("2026-11-15T02:00:00Z", "2026", "2026-Q4", "2026-11")]
    [InlineData("2026-07-01T00:00:00+08:00", "2026", "2026-Q3", "2026-07")]
    public void KeysFor_gives_the_year_quarter_and_month_in_Beijing(string instant, string year, string quarter, string month) =>
        Assert.Equal([year, quarter, month], ScoringPeriod.KeysFor(DateTimeOffset.Parse(instant)));

    [Fact]
    public void Every_key_an_instant_counts_for_contains_the_instant()
    {
        // KeysFor (incremental updates) and TryParse (rebuilds) must agree, or a rebuild changes totals.
        var instants = new[] { Utc(2026, 12, 31, 16, 30), Utc(2026, 12, 31, 15, 59, 59), Utc(2026, 6, 30, 16), Utc(2026, 9, 30, 15, 59) };
        foreach (var instant in instants)
        foreach (var key in ScoringPeriod.KeysFor(instant))
        {
            Assert.True(ScoringPeriod.TryParse(key, out var period), key);
            Assert.InRange(instant, period.Start, period.End.AddTicks(-1));
        }
    }

    [Theory]
    [InlineData("2026-12-31T15:59:59Z", "2026")]
    [InlineData("2026-12-31T16:00:00Z", "2027")]
    public void The_current_year_is_the_year_in_Beijing(string now, string year) =>
        Assert.Equal(year, ScoringPeriod.CurrentYear(DateTimeOffset.Parse(now)));
}
