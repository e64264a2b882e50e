using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Persistence;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Identity.Domain;

namespace SheqingMinyi.Identity.Data;

/// <summary>
/// Tenants, accounts, OpenIddict's applications, authorizations, scopes and tokens, and the platform's tables
/// (audit trail, messaging) like every service's.
/// </summary>
public sealed class IdentityDbContext(DbContextOptions<IdentityDbContext> options, TenantContext? tenant = null) : TenantScopedDbContext(options, tenant)
{
    public DbSet<Tenant> Tenants => Set<Tenant>();
    public DbSet<Account> Accounts => Set<Account>();
    public DbSet<Revocation> Revocations => Set<Revocation>();
    public DbSet<PartnerClient> PartnerClients => Set<PartnerClient>();
    public DbSet<SignInThrottle> SignInThrottles => Set<SignInThrottle>();
    public DbSet<KnownPerson> KnownPersons => Set<KnownPerson>();
    public DbSet<KnownDepartment> KnownDepartments => Set<KnownDepartment>();
    public DbSet<OfficerAppointment> OfficerAppointments => Set<OfficerAppointment>();
    public DbSet<WebhookEndpoint> WebhookEndpoints => Set<WebhookEndpoint>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<WebhookAttempt> WebhookAttempts => Set<WebhookAttempt>();
    public DbSet<WebhookNotice> WebhookNotices => Set<WebhookNotice>();

    /// <summary>Every tenant added is announced to the services in the same transaction (<see cref="TenantAnnouncements"/>).</summary>
    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        this.AnnounceAddedTenants(CurrentTenant);
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        this.AnnounceAddedTenants(CurrentTenant);
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    protected override void OnModelCreating(ModelBuilder model)
    {
        base.OnModelCreating(model);
        model.UseOpenIddict();
        // The registry and OpenIddict's tables are the platform's own (every tenant's clients, the operator's registry).
        model.Entity<Tenant>(e =>
        {
            e.ToTable("tenants");
            e.HasKey(t => t.Id);
            e.Property(t => t.Id).HasMaxLength(64);
            e.Property(t => t.Name).HasMaxLength(Tenant.NameMaxLength);
            e.Property(t => t.Kind).HasConversion<string>().HasMaxLength(32);
            e.Property(t => t.ParentId).HasMaxLength(64);
            e.Property(t => t.SuspendedReason).HasMaxLength(Tenant.ReasonMaxLength);
            e.HasOne<Tenant>().WithMany().HasForeignKey(t => t.ParentId);
        });
        model.Entity<Account>(e =>
        {
            e.ToTable("accounts");
            e.HasKey(a => a.Id);
            e.Property(a => a.TenantId).HasMaxLength(64);
            e.Property(a => a.UserName).HasMaxLength(100);
            e.HasIndex(a => a.UserName).IsUnique();
            e.Property(a => a.DisplayName).HasMaxLength(Account.DisplayNameMaxLength);
            e.Property(a => a.ActivationCodeHash).HasMaxLength(64);
            e.Property(a => a.Version).IsRowVersion();
            e.Ignore(a => a.Status);
            e.Ignore(a => a.CanSignIn);
            e.HasOne<Tenant>().WithMany().HasForeignKey(a => a.TenantId);
            // Row security only, no query filter: signing in finds the account, and so its tenant, by user name.
            e.IsTenantOwned();
        });
        // Row security like accounts: the gateway's feed and the operator's suspensions work as owner, for all tenants.
        model.Entity<Revocation>(e =>
        {
            e.ToTable("revocations");
            e.HasKey(r => r.Id);
            e.Property(r => r.Kind).HasConversion<string>().HasMaxLength(16);
            e.Property(r => r.Subject).HasMaxLength(100);
            e.Property(r => r.TenantId).HasMaxLength(64);
            e.Property(r => r.Reason).HasMaxLength(200);
            e.HasIndex(r => r.RevokedAt);
            e.IsTenantOwned();
        });
        // A tenant's partner clients, beside OpenIddict's applications: listing them is a query under row security.
        model.Entity<PartnerClient>(e =>
        {
            e.ToTable("partner_clients");
            e.HasKey(c => c.ClientId);
            e.Property(c => c.ClientId).HasMaxLength(100);
            e.Property(c => c.TenantId).HasMaxLength(64);
            e.HasIndex(c => new { c.TenantId, c.ClientId });
            e.IsTenantOwned();
        });
        // The people service's persons, as its events said (Messaging/RecordPerson): what an invitation may name.
        // Review's departments, as its DepartmentChanged said (Messaging/RecordDepartment): what a department's client or account may name.
        model.Entity<KnownDepartment>(e =>
        {
            e.ToTable("known_departments");
            e.HasKey(d => new { d.TenantId, d.DepartmentId });
            e.Property(d => d.TenantId).HasMaxLength(64);
            e.Property(d => d.Name).HasMaxLength(KnownDepartment.NameMaxLength);
            e.IsTenantOwned();
        });
        model.Entity<KnownPerson>(e =>
        {
            e.ToTable("known_persons");
            e.HasKey(p => new { p.TenantId, p.PersonId });
            e.Property(p => p.TenantId).HasMaxLength(64);
            e.Property(p => p.Name).HasMaxLength(KnownPerson.NameMaxLength);
            e.IsTenantOwned();
        });
        // The people service's appointments, as its events said (Messaging/GrantOfficerRole): who holds the officer role.
        model.Entity<OfficerAppointment>(e =>
        {
            e.ToTable("officer_appointments");
            e.HasKey(a => new { a.TenantId, a.AppointmentId });
            e.Property(a => a.TenantId).HasMaxLength(64);
            e.HasIndex(a => new { a.TenantId, a.PersonId });
            e.IsTenantOwned();
        });
        // Webhooks (Webhooks/): a partner client's endpoints, gone with the client; their deliveries and attempts, gone with them.
        model.Entity<WebhookEndpoint>(e =>
        {
            e.ToTable("webhook_endpoints");
            e.HasKey(w => w.Id);
            e.Property(w => w.ClientId).HasMaxLength(100);
            e.Property(w => w.Url).HasMaxLength(WebhookEndpoint.UrlMaxLength);
            e.Property(w => w.DisabledReason).HasMaxLength(WebhookEndpoint.ReasonMaxLength);
            e.Property(w => w.Version).IsRowVersion();
            e.Ignore(w => w.Status);
            e.HasOne<PartnerClient>().WithMany().HasForeignKey(w => w.ClientId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(w => new { w.TenantId, w.ClientId });
            TenantOwned(e);
        });
        model.Entity<WebhookDelivery>(e =>
        {
            e.ToTable("webhook_deliveries");
            e.HasKey(d => d.Id);
            e.Property(d => d.EventType).HasMaxLength(100);
            e.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(d => d.LastError).HasMaxLength(WebhookDelivery.ErrorMaxLength);
            e.Ignore(d => d.WebhookId);
            e.HasOne<WebhookEndpoint>().WithMany().HasForeignKey(d => d.EndpointId).OnDelete(DeleteBehavior.Cascade);
            // One delivery per endpoint and event, whatever happens to the inbox.
            e.HasIndex(d => new { d.EndpointId, d.EventId }).IsUnique();
            e.HasIndex(d => new { d.EndpointId, d.CreatedAt });
            // The sender's claim: due pending rows.
            e.HasIndex(d => d.NextAttemptAt).HasFilter("status = 'Pending'");
            TenantOwned(e);
        });
        model.Entity<WebhookAttempt>(e =>
        {
            e.ToTable("webhook_attempts");
            e.HasKey(a => a.Id);
            e.Property(a => a.Error).HasMaxLength(WebhookDelivery.ErrorMaxLength);
            e.HasOne<WebhookDelivery>().WithMany().HasForeignKey(a => a.DeliveryId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(a => new { a.DeliveryId, a.AttemptedAt });
            TenantOwned(e);
        });
        model.Entity<WebhookNotice>(e =>
        {
            e.ToTable("webhook_notices");
            e.HasKey(n => n.Id);
            e.Property(n => n.Kind).HasMaxLength(32);
            e.Property(n => n.Title).HasMaxLength(WebhookNotice.TitleMaxLength);
            e.Property(n => n.Text).HasMaxLength(WebhookNotice.TextMaxLength);
            e.Property(n => n.ClientId).HasMaxLength(100);
            e.Property(n => n.Url).HasMaxLength(WebhookEndpoint.UrlMaxLength);
            e.Property(n => n.ReadBy).HasMaxLength(WebhookNotice.ReadByMaxLength);
            e.HasIndex(n => new { n.TenantId, n.SourceEventId }).IsUnique();
            e.HasIndex(n => new { n.TenantId, n.OccurredAt });
            TenantOwned(e);
        });
        // Sign-in failures per account and per client: read and written by the token endpoint, as owner, before any tenant is known.
        model.Entity<SignInThrottle>(e =>
        {
            e.ToTable("sign_in_throttles");
            e.HasKey(t => t.Key);
            e.Property(t => t.Key).HasMaxLength(SignInThrottle.KeyMaxLength);
        });
    }
}

public sealed class IdentityDbContextFactory : DesignTimeDbContextFactory<IdentityDbContext>;
