namespace SheqingMinyi.Identity.Auth;

public static class AccountManagement
{
    /// <summary>Accounts managed by tenant admins, sign-in lockout and throttling, partner client registration.</summary>
    public static IHostApplicationBuilder AddAccountManagement(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AccountOptions>().BindConfiguration(AccountOptions.Section);
        builder.Services.AddOptions<SignInLimitOptions>().BindConfiguration(SignInLimitOptions.Section);
        builder.Services.AddScoped<SignInGuard>();
        builder.Services.AddSingleton<UserNameHasher>();
        builder.Services.AddSingleton<IClientIdGenerator, RandomClientIds>();
        builder.Services.AddScoped<PartnerClientRegistry>();
        builder.Services.AddExceptionHandler<IdentityWriteConflicts>();
        return builder;
    }
}
