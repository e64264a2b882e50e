using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace SheqingMinyi.BuildingBlocks.Persistence;

/// <summary>Lets `dotnet ef migrations add` build the model without the Aspire host; each service derives one.</summary>
public abstract class DesignTimeDbContextFactory<TContext> : IDesignTimeDbContextFactory<TContext> where TContext : DbContext
{
    public TContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<TContext>()
            .UseNpgsql("Host=localhost;Database=design_time")
            .UseSnakeCaseNamingConvention()
            .Options;
        // Service contexts take (options, TenantContext?); design time has no tenant.
        return (TContext)Activator.CreateInstance(typeof(TContext), [options, null])!;
    }
}
