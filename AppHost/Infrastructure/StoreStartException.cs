namespace SheqingMinyi.AppHost.Infrastructure;

/// <summary>A store could not be prepared or started; the message is the reason, written for the operator.</summary>
public sealed class StoreStartException(string reason) : Exception(reason);
