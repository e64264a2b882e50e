using SheqingMinyi.Scoring.Domain;

namespace SheqingMinyi.Scoring.Ledger;

/// <summary>
/// Which facts a settlement prices again: those of <see cref="Persons"/> (null: everyone) that happened in
/// [<see cref="From"/>, <see cref="To"/>). Always whole Beijing months, so a monthly cap sees all of a person's month.
/// </summary>
public sealed record SettlementScope(IReadOnlyList<Guid>? Persons, DateTimeOffset From, DateTimeOffset To)
{
    /// <summary>Only facts of these reasons (null: every reason), e.g. those a rule change prices differently.</summary>
    public IReadOnlyCollection<string>? Reasons { get; init; }

    /// <summary>Everyone's facts from the month <paramref name="from"/> falls in: what a rule change in force from then
    /// touches (of <paramref name="reasons"/> only, when given).</summary>
    public static SettlementScope EveryoneFrom(DateTimeOffset from, IReadOnlyCollection<string>? reasons = null) =>
        new(null, MonthStart(from), EndOfTime) { Reasons = reasons };

    /// <summary>After any period a board can have (years end at 2999), without relying on PostgreSQL's infinity.</summary>
    public static readonly DateTimeOffset EndOfTime = new(3000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The months from <paramref name="first"/>'s to <paramref name="last"/>'s, for <paramref name="persons"/>.</summary>
    public static SettlementScope Of(IReadOnlyList<Guid> persons, DateTimeOffset first, DateTimeOffset last) =>
        new(persons, MonthStart(first), MonthStart(last).ToOffset(ScoringPeriod.BeijingOffset).AddMonths(1).ToUniversalTime());

    /// <summary>The first instant of the Beijing month <paramref name="instant"/> falls in, in UTC.</summary>
    public static DateTimeOffset MonthStart(DateTimeOffset instant)
    {
        var local = instant.ToOffset(ScoringPeriod.BeijingOffset);
        return new DateTimeOffset(local.Year, local.Month, 1, 0, 0, 0, ScoringPeriod.BeijingOffset).ToUniversalTime();
    }
}
