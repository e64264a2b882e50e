namespace SheqingMinyi.Scoring.Domain;

/// <summary>
/// "The boards of these periods still show the totals before rule version N": written in the rule change's own
/// transaction, deleted once the boards switched (<see cref="Ledger.BoardSwitches"/>). A process that dies between the
/// commit and the switch leaves it behind, and the reconciler finishes the switch from the ledger.
/// </summary>
public sealed class PendingBoardSwitch
{
    public string TenantId { get; set; } = "";
    public int RuleVersion { get; set; }
    public string[] Periods { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
}
