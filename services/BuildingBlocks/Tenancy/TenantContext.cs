namespace SheqingMinyi.BuildingBlocks.Tenancy;

/// <summary>The tenant the current request or event belongs to. Set once per scope, read everywhere.</summary>
public sealed class TenantContext
{
    private string? _tenantId;

    public bool IsSet => _tenantId is not null;

    /// <summary>Work for every tenant (migrations, demo data, the few cross-tenant reads listed in docs/security.md):
    /// connections the scope opens from now on log in as the tables' owner (ConnectionStrings:{db}-owner), whose policy
    /// shows every tenant.</summary>
    public bool RunsAsOwner { get; private set; }

    public void RunAsOwner() => RunsAsOwner = true;

    public string TenantId => _tenantId ?? throw new InvalidOperationException("No tenant is set for this scope.");

    public void Set(string tenantId)
    {
        if (_tenantId is not null && _tenantId != tenantId)
            throw new InvalidOperationException("The tenant of a scope cannot change.");
        _tenantId = tenantId;
    }
}
