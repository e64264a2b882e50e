using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Identity.Data;
using SheqingMinyi.Identity.Domain;
using SheqingMinyi.Security;

namespace SheqingMinyi.Identity.Auth;

/// <summary>Configuration section "Identity:Bootstrap": the first platform operator of a platform without demo data.</summary>
public sealed class OperatorBootstrapOptions
{
    public const string Section = "Identity:Bootstrap";
    public const int MinPasswordLength = 12;
    /// <summary>The secret given at deployment; nothing is bootstrapped without it.</summary>
    public string? OperatorPassword { get; set; }
    public string OperatorUserName { get; set; } = "operator";
    /// <summary>The body the operator signs in under (created if missing).</summary>
    public string TenantId { get; set; } = "cq-zx";
    public string TenantName { get; set; } = "重庆市政协";
}

/// <summary>
/// Creates the first platform operator once, from a secret given at deployment, when no operator exists yet: a
/// platform started without demo data has no account at all until then. Later starts change nothing, so an
/// operator who changed or revoked that account is never undone.
/// </summary>
public sealed class OperatorBootstrap(IServiceProvider services, IOptions<OperatorBootstrapOptions> options,
    TimeProvider clock, ILogger<OperatorBootstrap> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (string.IsNullOrEmpty(settings.OperatorPassword)) return;
        if (settings.OperatorPassword.Length < OperatorBootstrapOptions.MinPasswordLength)
            throw new InvalidOperationException(
                $"{OperatorBootstrapOptions.Section}:OperatorPassword must have at least {OperatorBootstrapOptions.MinPasswordLength} characters.");
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().RunAsOwner(); // before any tenant exists
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        if (await db.Accounts.AnyAsync(a => a.Roles.Contains(PlatformRoles.PlatformOperator), cancellationToken))
        {
            logger.LogInformation("A platform operator exists; the bootstrap secret is not used");
            return;
        }
        if (await db.Accounts.AnyAsync(a => a.UserName == settings.OperatorUserName, cancellationToken))
            throw new InvalidOperationException(
                $"{OperatorBootstrapOptions.Section}: the user name '{settings.OperatorUserName}' belongs to an account that is no platform operator.");
        var now = clock.GetUtcNow();
        if (!await db.Tenants.AnyAsync(t => t.Id == settings.TenantId, cancellationToken))
            db.Tenants.Add(new Tenant { Id = settings.TenantId, Name = settings.TenantName, Kind = TenantKind.Cppcc, CreatedAt = now });
        var account = new Account
        {
            Id = Guid.CreateVersion7(), TenantId = settings.TenantId, UserName = settings.OperatorUserName, DisplayName = settings.OperatorUserName,
            Roles = [PlatformRoles.PlatformOperator], CreatedAt = now,
        };
        account.PasswordHash = scope.ServiceProvider.GetRequiredService<IPasswordHasher<Account>>().HashPassword(account, settings.OperatorPassword);
        db.Accounts.Add(account);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogWarning("Bootstrapped platform operator {User} of {Tenant}; change its password and remove the bootstrap secret",
            settings.OperatorUserName, settings.TenantId);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
