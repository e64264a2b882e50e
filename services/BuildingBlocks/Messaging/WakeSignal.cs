namespace SheqingMinyi.BuildingBlocks.Messaging;

/// <summary>
/// A wake-up for one worker loop that coalesces: any number of <see cref="Set"/> calls before the loop looks again
/// make one wake-up, never a queue of them, so a burst of publishes costs one read, not one read each.
/// </summary>
internal sealed class WakeSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Set()
    {
        if (_signal.CurrentCount > 0) return; // already set: this wake-up rides along
        try { _signal.Release(); }
        catch (SemaphoreFullException) { } // set by another caller meanwhile
    }

    /// <summary>Forgets a pending wake-up: the pass about to start serves it.</summary>
    public void Reset() => _signal.Wait(0);

    /// <summary>True when woken, false when the timeout (the fallback poll) passed first.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);
}
