namespace SheqingMinyi.Scoring.Domain;

public sealed partial record ScoringRules
{
    /// <summary>
    /// The reasons whose facts these rules price differently from <paramref name="other"/>: what a rule change must
    /// re-price, so a change of one number reads that reason's facts, not the tenant's million. The co-author mode
    /// prices every reason (shares).
    /// </summary>
    public IReadOnlySet<string> RepricedReasons(ScoringRules other)
    {
        if (CoAuthorMode != other.CoAuthorMode) return PricedReasons.Keys.ToHashSet(StringComparer.Ordinal);
        var reasons = new HashSet<string>(StringComparer.Ordinal);
        if (Submitted != other.Submitted || SubmittedMonthlyCap != other.SubmittedMonthlyCap
            || WithdrawnLosesSubmitted != other.WithdrawnLosesSubmitted || RejectedLosesSubmitted != other.RejectedLosesSubmitted)
            reasons.Add(SubmittedReason);
        if (TrainingAttended != other.TrainingAttended || TrainingPerHour != other.TrainingPerHour
            || TrainingByKind.Count != other.TrainingByKind.Count
            || TrainingByKind.Any(k => !other.TrainingByKind.TryGetValue(k.Key, out var number) || number != k.Value))
            reasons.Add(TrainingReason);
        foreach (var reason in PricedReasons.Keys.Where(r => r is not SubmittedReason and not TrainingReason))
            if (For(reason) != other.For(reason)) reasons.Add(reason);
        return reasons;
    }
}
