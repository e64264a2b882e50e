namespace SheqingMinyi.Scoring.Quotas;

public static class QuotaRegistration
{
    /// <summary>The quotas' reminder run and its worker (configured under Scoring:QuotaReminders).</summary>
    public static IHostApplicationBuilder AddQuotas(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<QuotaReminders>();
        builder.Services.Configure<QuotaReminderOptions>(builder.Configuration.GetSection("Scoring:QuotaReminders"));
        builder.Services.AddHostedService<QuotaReminderWorker>();
        return builder;
    }
}
