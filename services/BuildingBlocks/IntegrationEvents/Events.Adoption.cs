namespace SheqingMinyi.IntegrationEvents;

// The adoption ladder (采用阶梯): an item is adopted once per level, each level recorded and credited once.

/// <summary>
/// How an adoption came to be recorded: Decision (the tenant's own last review stage adopted it), Forwarded (the
/// parent body adopted the item forwarded to it), Recorded (staff recorded an outside adoption with its evidence).
/// </summary>
public enum AdoptionSource
{
    Decision,
    Forwarded,
    Recorded,
}
